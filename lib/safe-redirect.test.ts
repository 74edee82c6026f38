import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { HOME_PATH, safeRedirectPath } from "./safe-redirect";

const ORIGIN = "https://tavolo.example";

/** Where a browser on the site would actually go if sent to `path`. */
function browserTarget(path: string): URL {
  return new URL(path, `${ORIGIN}/some/page`);
}

describe("safeRedirectPath", () => {
  it.each([
    ["/organisations", "/organisations"],
    ["/calls/abc/vote?tab=2#ballot", "/calls/abc/vote?tab=2#ballot"],
    ["/invitations/tok%2Fen", "/invitations/tok%2Fen"],
    [`${ORIGIN}/proposals?x=1`, "/proposals?x=1"],
    ["proposals", "/proposals"],
    ["/%2F%2Fevil.example", "/%2F%2Fevil.example"],
    ["/%5Cevil.example", "/%5Cevil.example"],
  ])("keeps the same-origin path %j", (value, expected) => {
    expect(safeRedirectPath(value, ORIGIN)).toBe(expected);
  });

  it.each([
    "//evil.example",
    "//evil.example/organisations",
    "///evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "\\/evil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    "/\r\n/evil.example",
    "\t//evil.example",
    " //evil.example",
    "/.//evil.example",
    "/a/..//evil.example",
    "https:evil.example",
    "http:evil.example",
    "http://evil.example",
    "https://evil.example",
    "https://tavolo.example@evil.example",
    "https://tavolo.example.evil.example/",
    "http://tavolo.example/",
    "https://tavolo.example:444/",
    "ftp://tavolo.example/",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "//%65vil.example",
    "/\u0000/evil.example",
    "\u0000",
    "",
  ])("refuses %j", (value) => {
    expect(safeRedirectPath(value, ORIGIN)).toBe(HOME_PATH);
  });

  it("refuses what is not a string, and uses the fallback given", () => {
    expect(safeRedirectPath(undefined, ORIGIN)).toBe(HOME_PATH);
    expect(safeRedirectPath(["/a", "/b"], ORIGIN)).toBe(HOME_PATH);
    expect(safeRedirectPath("//evil.example", ORIGIN, "/")).toBe("/");
  });

  it("whatever the input, the result is a path a browser resolves on the site itself", () => {
    const nasty = fc.constantFrom("/", "\\", "\t", "\n", "\r", " ", ".", "..", ":", "@", "%2F", "%5C", "%09", "evil.example", "https:", "javascript:", "?", "#", "//");
    const input = fc.oneof(fc.string(), fc.webUrl(), fc.array(nasty, { maxLength: 8 }).map((parts) => parts.join("")), fc.webPath());
    fc.assert(
      fc.property(input, (value) => {
        const path = safeRedirectPath(value, ORIGIN);
        expect(path.startsWith("/")).toBe(true);
        expect(path.startsWith("//")).toBe(false);
        expect(path).not.toMatch(/[\u0000-\u001f\u007f\\]/);
        expect(browserTarget(path).origin).toBe(ORIGIN);
        // A path that comes back is itself accepted unchanged.
        expect(safeRedirectPath(path, ORIGIN)).toBe(path);
      }),
      { numRuns: 2000 },
    );
  });

  it("keeps every same-origin path (of the kinds the app builds) exactly", () => {
    const segment = fc.stringMatching(/^[A-Za-z0-9_-]{1,12}$/);
    fc.assert(
      fc.property(fc.array(segment, { minLength: 1, maxLength: 5 }), fc.option(segment), (segments, query) => {
        const path = `/${segments.join("/")}${query ? `?q=${query}` : ""}`;
        expect(safeRedirectPath(path, ORIGIN)).toBe(path);
        expect(safeRedirectPath(`${ORIGIN}${path}`, ORIGIN)).toBe(path);
      }),
    );
  });

  it("never keeps an address on another host", () => {
    fc.assert(
      fc.property(fc.webUrl(), (url) => {
        fc.pre(new URL(url).origin !== ORIGIN);
        expect(safeRedirectPath(url, ORIGIN)).toBe(HOME_PATH);
      }),
    );
  });
});
