import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isSessionCurrent } from "./session-version";

describe("isSessionCurrent", () => {
  it("accepts a token only with exactly the person's current version", () => {
    fc.assert(
      fc.property(fc.nat(), fc.nat(), (token, current) => {
        expect(isSessionCurrent(token, current)).toBe(token === current);
      }),
    );
  });

  it("refuses a token from before session versions, or with a version that is not a whole number", () => {
    for (const version of [undefined, null, "0", 0.5, Number.NaN, [0], { v: 0 }]) {
      expect(isSessionCurrent(version, 0)).toBe(false);
    }
  });
});
