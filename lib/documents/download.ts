import type { DocumentRow } from "@/db/schema";

/**
 * Content-Disposition for a download (RFC 6266): always `attachment`, an ASCII fallback
 * name for old clients and the exact UTF-8 name in filename* (RFC 8187 encoding).
 */
export function contentDisposition(fileName: string): string {
  const fallback =
    fileName
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .replace(/[^\x20-\x7e]/g, "_")
      .replace(/["\\]/g, "_") || "documento";
  const encoded = encodeURIComponent(fileName).replace(/['()*!]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

/** The ETag of a document's bytes: their SHA-256 (the same bytes, the same tag). */
export function documentEtag(sha256: string): string {
  return `"${sha256}"`;
}

/** Whether an If-None-Match header already names this ETag (so 304 Not Modified). */
export function etagMatches(ifNoneMatch: string | null, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(",").some((t) => {
    const tag = t.trim().replace(/^W\//, "");
    return tag === etag || tag === "*";
  });
}

/**
 * Headers of a download. (Next 16's server drops a route handler's Content-Length and sends
 * the stream chunked; other runtimes keep it. The proxy's CSP takes the place of ours there.) A published call's document never changes under its id (a
 * replacement is another id), so it is cached as immutable; private ones are never stored.
 */
export function downloadHeaders(document: Pick<DocumentRow, "fileName" | "mediaType" | "sizeBytes" | "sha256">, isPublic: boolean): Record<string, string> {
  return {
    "Content-Type": document.mediaType,
    "Content-Length": String(document.sizeBytes),
    "Content-Disposition": contentDisposition(document.fileName),
    "X-Content-Type-Options": "nosniff",
    ETag: documentEtag(document.sha256),
    "Cache-Control": isPublic ? "public, max-age=31536000, immutable" : "private, no-store",
    // Even if a browser were asked to render it, nothing in it may run.
    "Content-Security-Policy": "default-src 'none'; sandbox",
  };
}
