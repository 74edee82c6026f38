import { describe, expect, it } from "vitest";
import { isValidCup, normaliseCup } from "./cup";

describe("CUP", () => {
  it("normalises and checks 15 upper-case letters and digits", () => {
    expect(normaliseCup(" j51 b2400 0123000 ")).toBe("J51B24000123000");
    expect(isValidCup(normaliseCup("j51b24000123000"))).toBe(true);
    expect(isValidCup("J51B2400012300")).toBe(false);
    expect(isValidCup("J51B24000123000X")).toBe(false);
    expect(isValidCup("J51B2400012300-")).toBe(false);
  });
});
