import { describe, expect, it } from "vitest";
import { contentSecurityPolicy, createNonce, isServedOverHttps } from "./headers";

function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy.split(";").map((d) => {
      const [name, ...values] = d.trim().split(/\s+/);
      return [name, values];
    }),
  );
}

describe("createNonce", () => {
  it("gives 128 random bits in base64, different each time", () => {
    const nonces = new Set(Array.from({ length: 1000 }, createNonce));
    expect(nonces.size).toBe(1000);
    for (const n of nonces) {
      expect(n).toMatch(/^[A-Za-z0-9+/]{22}==$/);
      expect(atob(n)).toHaveLength(16);
    }
  });
});

describe("contentSecurityPolicy", () => {
  it("allows in production only scripts with the nonce, and never inline or eval", () => {
    const d = directives(contentSecurityPolicy({ nonce: "abc123==", isHttps: false, isDev: false }));
    expect(d.get("script-src")).toEqual(["'self'", "'nonce-abc123=='", "'strict-dynamic'"]);
    expect(d.get("style-src")).toEqual(["'self'", "'nonce-abc123=='"]);
    expect(d.get("object-src")).toEqual(["'none'"]);
    expect(d.get("base-uri")).toEqual(["'self'"]);
    expect(d.get("form-action")).toEqual(["'self'"]);
    expect(d.get("frame-ancestors")).toEqual(["'none'"]);
    expect(d.get("default-src")).toEqual(["'self'"]);
    expect(d.has("upgrade-insecure-requests")).toBe(false);
  });

  it("upgrades insecure requests only over https", () => {
    expect(directives(contentSecurityPolicy({ nonce: "n", isHttps: true, isDev: false })).has("upgrade-insecure-requests")).toBe(true);
  });

  it("relaxes eval and inline styles only for the development server", () => {
    const d = directives(contentSecurityPolicy({ nonce: "n", isHttps: false, isDev: true }));
    expect(d.get("script-src")).toContain("'unsafe-eval'");
    expect(d.get("script-src")).not.toContain("'unsafe-inline'");
    expect(d.get("style-src")).toEqual(["'self'", "'unsafe-inline'"]);
  });
});

describe("isServedOverHttps", () => {
  it("on Vercel, believes the platform's x-forwarded-proto", () => {
    expect(isServedOverHttps({ onVercel: true, forwardedProto: "https", appUrl: "http://x" })).toBe(true);
    expect(isServedOverHttps({ onVercel: true, forwardedProto: "http", appUrl: "https://x" })).toBe(false);
    expect(isServedOverHttps({ onVercel: true, forwardedProto: null, appUrl: "https://x" })).toBe(false);
  });

  it("elsewhere, ignores the client's header and follows the configured address", () => {
    expect(isServedOverHttps({ onVercel: false, forwardedProto: "https", appUrl: "http://127.0.0.1:3000" })).toBe(false);
    expect(isServedOverHttps({ onVercel: false, forwardedProto: "http", appUrl: "https://tavolo.example.org" })).toBe(true);
    expect(isServedOverHttps({ onVercel: false, forwardedProto: null, appUrl: "not a url" })).toBe(false);
  });
});
