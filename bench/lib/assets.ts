/**
 * What a page makes the browser download besides its HTML: the scripts it loads (first-load
 * JavaScript: the sum of their gzipped sizes, as Next reports it) and, for the static-file
 * reference, a font of the stylesheet.
 */
import http from "node:http";
import zlib from "node:zlib";
import { get } from "./http";

/**
 * The `src` of every <script> element of the HTML, in order, each once — except `nomodule`
 * ones (Next's legacy polyfills): a browser that runs modules never downloads them.
 */
export function scriptSources(html: string): string[] {
  const out: string[] = [];
  for (const m of html.matchAll(/<script\b([^>]*?)\ssrc="([^"]+)"[^>]*>/gi)) {
    if (/\snomodule(?:[\s=>]|$)/i.test(m[0])) continue;
    const src = m[2].replaceAll("&amp;", "&");
    if (!out.includes(src)) out.push(src);
  }
  return out;
}

export function stylesheetHrefs(html: string): string[] {
  const out: string[] = [];
  for (const m of html.matchAll(/<link\b[^>]*>/gi)) {
    const tag = m[0];
    if (!/rel="stylesheet"/i.test(tag)) continue;
    const href = /href="([^"]+)"/i.exec(tag)?.[1];
    if (href && !out.includes(href)) out.push(href);
  }
  return out;
}

const gzipCache = new Map<string, number>();

/** Sum of the gzipped sizes of the page's scripts (each fetched once per run). */
export async function firstLoadJs(agent: http.Agent, origin: string, html: string): Promise<{ bytes: number; scripts: number }> {
  let bytes = 0;
  const sources = scriptSources(html).filter((s) => s.startsWith("/") && !s.startsWith("//"));
  for (const src of sources) {
    let size = gzipCache.get(src);
    if (size === undefined) {
      const r = await get(agent, origin + src);
      if (r.status !== 200) throw new Error(`script ${src} answered ${r.status}`);
      size = zlib.gzipSync(r.body, { level: 9 }).length;
      gzipCache.set(src, size);
    }
    bytes += size;
  }
  return { bytes, scripts: sources.length };
}

/** A file of the build served as is by the same server (a font of the stylesheet; else the stylesheet itself). */
export async function staticFile(agent: http.Agent, origin: string, html: string): Promise<string> {
  const sheets = stylesheetHrefs(html).filter((h) => h.startsWith("/_next/static/"));
  for (const sheet of sheets) {
    const css = (await get(agent, origin + sheet)).body.toString("utf8");
    // Relative to the stylesheet (url(../media/x.woff2)) or absolute.
    const font = /url\(["']?([^"')]+\.woff2)["']?\)/.exec(css)?.[1];
    if (font) return new URL(font, origin + sheet).pathname;
  }
  if (sheets[0]) return sheets[0];
  const script = scriptSources(html).find((s) => s.startsWith("/_next/static/"));
  if (!script) throw new Error("the home page names no file of the build to use as the static reference");
  return script;
}
