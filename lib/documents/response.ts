import { cookies } from "next/headers";
import { defaultLocale, isLocale, LOCALE_COOKIE } from "@/lib/i18n/config";
import type { GeneratedFile } from "./generated";
import type { PdfLocale } from "./pdf/writer";

/**
 * The language of a generated document: `?lang=it|en` when the link says it (so a public
 * URL always means the same bytes and may be cached for good), else the visitor's.
 */
export async function documentLocale(request: Request): Promise<{ locale: PdfLocale; explicit: boolean }> {
  const lang = new URL(request.url).searchParams.get("lang");
  if (isLocale(lang)) return { locale: lang, explicit: true };
  const cookie = (await cookies()).get(LOCALE_COOKIE)?.value;
  return { locale: isLocale(cookie) ? cookie : defaultLocale, explicit: false };
}

/** RFC 6266 filename with an ASCII fallback (the names Tavolo makes are ASCII anyway). */
function disposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, "_").replace(/["\\]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/**
 * A generated file as a download: attachment, its type, nosniff, an ETag (its SHA-256) and
 * 304 when the client has it. `immutable`: public and cached for a year (same URL, same
 * bytes); otherwise private and revalidated each time.
 */
export function fileResponse(request: Request, file: GeneratedFile, options: { immutable: boolean }): Response {
  const headers = new Headers({
    "Content-Type": file.mediaType,
    "Content-Disposition": disposition(file.fileName),
    "X-Content-Type-Options": "nosniff",
    ETag: file.etag,
    "Cache-Control": options.immutable ? "public, max-age=31536000, immutable" : "private, no-cache",
  });
  if (!options.immutable) headers.set("Vary", "Cookie");
  const match = request.headers.get("if-none-match");
  if (match && match.split(",").some((m) => m.trim() === file.etag)) return new Response(null, { status: 304, headers });
  headers.set("Content-Length", String(file.bytes.byteLength));
  return new Response(new Blob([file.bytes as BlobPart]), { status: 200, headers });
}

export function notFoundResponse(): Response {
  return new Response(JSON.stringify({ error: "notFound" }), {
    status: 404,
    headers: { "Content-Type": "application/json", "X-Content-Type-Options": "nosniff", "Cache-Control": "no-store" },
  });
}
