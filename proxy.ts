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

export const config = {
  matcher: [
    {
      // Built assets carry no markup to protect (their static headers come from next.config.js).
      source: "/((?!_next/static|_next/image|favicon.ico).*)",
      // Prefetches return router data, never a document, so they need no nonce of their own.
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
