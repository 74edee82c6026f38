/** Where a signed-in person lands when no (acceptable) destination was asked for. */
export const HOME_PATH = "/desk";

// Browsers drop tabs and newlines inside URLs and read "\" as "/", so "/\tevil.example"
// or "/\evil.example" become "//evil.example" for them even though a URL parser on
// the server may see a path. Such values are never a page of ours: refuse them outright.
const BROWSER_REWRITTEN = /[\u0000-\u001f\u007f\\]/;
const HAS_SCHEME = /^[a-z][a-z0-9+.-]*:/i;

/**
 * The same-origin path (pathname + search + hash) that `value` names, or `fallback`.
 * The decision is made by parsing `value` against the site's own `origin` and
 * comparing origins, never by looking at the first characters; the result is
 * always a path that starts with exactly one "/", so it cannot be read as
 * another host later either.
 */
export function safeRedirectPath(value: unknown, origin: string, fallback: string = HOME_PATH): string {
  if (typeof value !== "string" || value === "" || BROWSER_REWRITTEN.test(value)) return fallback;
  let base: URL;
  let url: URL;
  try {
    base = new URL(origin);
    // A value that names a scheme is read on its own: "https:evil.example" is another
    // host, even though the parser would resolve it as a path against an https base.
    url = HAS_SCHEME.test(value) ? new URL(value) : new URL(value, base);
  } catch {
    return fallback;
  }
  if (url.origin !== base.origin) return fallback;
  const path = `${url.pathname}${url.search}${url.hash}`;
  // "/.//evil.example" and "/a/..//evil.example" normalise to a pathname that starts with "//".
  if (!path.startsWith("/") || path.startsWith("//") || BROWSER_REWRITTEN.test(path)) return fallback;
  return path;
}
