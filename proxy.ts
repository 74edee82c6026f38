import { NextResponse, type NextRequest } from "next/server";
import { env } from "@/lib/env";
import { contentSecurityPolicy, createNonce, HSTS_VALUE, isServedOverHttps } from "@/lib/security/headers";

/**
 * Gives every page its Content-Security-Policy with a fresh script nonce, and HSTS over
 * https. It sets headers and nothing else: it never redirects or authorizes (pages and
 * services check the session themselves).
 *
 * Next reads the nonce back from the request's Content-Security-Policy header while it
 * renders and puts it on its own scripts, which is why every page must render per
 * request (the root layout reads the language cookie, so each one does).
 */
export function proxy(request: NextRequest) {
  if (isActionWithoutOrigin(request)) {
    return new NextResponse("Forbidden: a form or action must come from this site.", { status: 403, headers: { "content-type": "text/plain; charset=utf-8" } });
  }
  // Prefetches return router data, never a document, so they need no nonce of their own.
  if (request.headers.get("next-router-prefetch") || request.headers.get("purpose") === "prefetch") return NextResponse.next();
  const nonce = createNonce();
  const isHttps = isServedOverHttps({
    onVercel: Boolean(process.env.VERCEL),
    forwardedProto: request.headers.get("x-forwarded-proto"),
    appUrl: env.appUrl,
  });
  const policy = contentSecurityPolicy({ nonce, isHttps, isDev: process.env.NODE_ENV === "development" });

  // Overwrite whatever the client sent under these names: only our nonce may reach the renderer.
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("content-security-policy", policy);
  requestHeaders.delete("content-security-policy-report-only");

  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("content-security-policy", policy);
  if (isHttps) response.headers.set("strict-transport-security", HSTS_VALUE);
  return response;
}

/**
 * Next refuses a server action whose Origin names another host, but runs one that carries
 * no Origin at all. Browsers always send Origin on a POST, so a POST to a page (where
 * actions and their no-JavaScript forms land) without one did not come from a page of
 * ours: refuse it before it reaches the action. Route handlers under /api/ check their
 * own requests (next-auth with its CSRF token).
 */
function isActionWithoutOrigin(request: NextRequest): boolean {
  if (request.method !== "POST" || request.nextUrl.pathname.startsWith("/api/")) return false;
  const origin = request.headers.get("origin");
  return !origin || origin === "null";
}

export const config = {
  matcher: [
    {
      // Built assets carry no markup to protect (their static headers come from next.config.js).
      // No header-based exclusions here: a POST must never skip the Origin check by adding a header.
      source: "/((?!_next/static|_next/image|favicon.ico).*)",
    },
  ],
};
