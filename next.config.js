import createNextIntlPlugin from "next-intl/plugin";

const withNextIntl = createNextIntlPlugin("./lib/i18n/request.ts");

/**
 * Headers that never change, on every path (pages, API, built assets). The
 * Content-Security-Policy and HSTS depend on the request and are set in proxy.ts.
 */
const staticSecurityHeaders = [
  // frame-ancestors 'none' in the CSP does this for current browsers; this is for older ones.
  { key: "X-Frame-Options", value: "DENY" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  // Tavolo uses none of these; a page (or something injected into one) may not ask for them.
  // Only features Chromium knows: an unknown name logs an error on every page.
  {
    key: "Permissions-Policy",
    value: [
      "accelerometer=()",
      "autoplay=()",
      "browsing-topics=()",
      "camera=()",
      "display-capture=()",
      "encrypted-media=()",
      "geolocation=()",
      "gyroscope=()",
      "hid=()",
      "magnetometer=()",
      "microphone=()",
      "midi=()",
      "payment=()",
      "publickey-credentials-get=()",
      "screen-wake-lock=()",
      "serial=()",
      "usb=()",
      "xr-spatial-tracking=()",
    ].join(", "),
  },
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite ships WASM and must be loaded from node_modules at run time, not bundled.
  serverExternalPackages: ["@electric-sql/pglite", "@node-rs/argon2", "pg"],
  poweredByHeader: false,
  // .ci/run type-checks in a step of its own (tsc --noEmit) while this build runs beside it.
  typescript: { ignoreBuildErrors: process.env.TAVOLO_BUILD_SKIP_TYPECHECK === "1" },
  // A second build folder lets a test run build beside a developer's own server.
  distDir: process.env.NEXT_DIST_DIR || ".next",
  // The generated PDFs read their fonts from lib/documents/pdf/fonts at run time (lib/documents/pdf/writer.ts).
  outputFileTracingIncludes: { "/api/**/*": ["./lib/documents/pdf/fonts/**/*"] },
  experimental: {
    // Uploads go through server actions: a 4 MB file (lib/documents/upload.ts refuses more,
    // Vercel's request limit) plus the form's other fields.
    serverActions: { bodySizeLimit: "5mb" },
  },
  async headers() {
    return [{ source: "/:path*", headers: staticSecurityHeaders }];
  },
};

export default withNextIntl(nextConfig);
