/**
 * The security headers that depend on the request: the Content-Security-Policy (a fresh
 * script nonce per response) and HSTS (only over https). The headers that never change
 * (X-Frame-Options, nosniff, Referrer-Policy, Permissions-Policy) are set for every path,
 * static files included, in next.config.js. Pure functions: proxy.ts calls them, tests
 * read them.
 */

/** Two years, subdomains included: the value hstspreload.org asks for. */
export const HSTS_VALUE = "max-age=63072000; includeSubDomains";

/** 128 random bits, base64: what CSP3 asks of a nonce, and what Next's nonce parser accepts. */
export function createNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

/**
 * The policy for one HTML response.
 *
 * - Scripts: only those carrying this response's nonce (Next puts it on its own scripts
 *   when it renders the page), and, through 'strict-dynamic', the chunks they load.
 *   No 'unsafe-inline' and, outside development, no 'unsafe-eval'.
 * - Style elements and stylesheets: our own files (bootstrap-italia and globals.css are
 *   bundled under /_next/static) or a nonce.
 * - Style attributes (style-src-attr 'unsafe-inline'): React writes `style={…}` props as
 *   style attributes in the server HTML (the allocation chart's width, the widths of the
 *   manage and review pages' columns), and so does Next's built-in global error page;
 *   nonces do not apply to attributes, and without this Chromium refuses each of them
 *   (e2e/security/headers.spec.ts sees it). What an attacker gains from a style
 *   attribute is layout, not script or data, since img-src and font-src still bound
 *   every URL a style can load. Browsers without style-src-attr fall back to style-src
 *   and merely drop those few widths.
 * - data: for images and fonts: bootstrap-italia's CSS inlines its SVG icons and one
 *   font as data: URLs.
 * - upgrade-insecure-requests only over https: on a plain-http server (local, e2e) it
 *   would send the page's own requests to an https port nobody listens on.
 */
export function contentSecurityPolicy({ nonce, isHttps, isDev }: { nonce: string; isHttps: boolean; isDev: boolean }): string {
  const directives = [
    "default-src 'self'",
    // React's development build evaluates server stack traces; production never does.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${isDev ? " 'unsafe-eval'" : ""}`,
    // The development server injects styles without a nonce; production links stylesheets.
    `style-src 'self' ${isDev ? "'unsafe-inline'" : `'nonce-${nonce}'`}`,
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(isHttps ? ["upgrade-insecure-requests"] : []),
  ];
  return directives.join("; ");
}

/**
 * Whether this response reaches the browser over https. On Vercel the platform sets
 * x-forwarded-proto itself (a client's value is overwritten), so it can be read. Anywhere
 * else a client can send that header straight to the server, so only the configured
 * public address decides: an https APP_URL / NEXTAUTH_URL means the site is served over
 * https (browsers ignore HSTS received over http anyway).
 */
export function isServedOverHttps({ onVercel, forwardedProto, appUrl }: { onVercel: boolean; forwardedProto: string | null; appUrl: string }): boolean {
  if (onVercel) return forwardedProto?.split(",")[0]?.trim().toLowerCase() === "https";
  try {
    return new URL(appUrl).protocol === "https:";
  } catch {
    return false;
  }
}
