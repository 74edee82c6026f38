import { describe, expect, it } from "vitest";
import { callBrowseParamsSchema, DEFAULT_PAGE_SIZE, encodeCursor, firstValues, MAX_PAGE_SIZE, partnerBrowseParamsSchema } from "./browse-params";

const id = "6f1c1f8e-3b0a-4a57-9a53-0b6f4c1f2d11";

describe("callBrowseParamsSchema", () => {
  it("keeps known values", () => {
    const p = callBrowseParamsSchema.parse({ q: "  piattaforma  ", coalition: "patto-canavese", phase: "open", theme: "erp", lead: "university", size: "20" });
    expect(p).toMatchObject({ q: "piattaforma", coalition: "patto-canavese", phase: "open", theme: "erp", lead: "university", size: 20 });
  });

  it("ignores unknown or malformed values instead of failing", () => {
    const p = callBrowseParamsSchema.parse({ phase: "draft", theme: "weapons", lead: "king", coalition: "Bad Slug!", after: "yesterday", q: "x".repeat(500), extra: "1" });
    expect(p).toEqual({ size: DEFAULT_PAGE_SIZE, q: undefined, coalition: undefined, phase: undefined, theme: undefined, lead: undefined, after: undefined, before: undefined });
  });

  it("bounds the page size", () => {
    expect(callBrowseParamsSchema.parse({ size: "100000" }).size).toBe(MAX_PAGE_SIZE);
    expect(callBrowseParamsSchema.parse({ size: "0" }).size).toBe(1);
    expect(callBrowseParamsSchema.parse({ size: "abc" }).size).toBe(DEFAULT_PAGE_SIZE);
    expect(callBrowseParamsSchema.parse({}).size).toBe(DEFAULT_PAGE_SIZE);
  });

  it("an empty search is no search", () => {
    expect(callBrowseParamsSchema.parse({ q: "   " }).q).toBeUndefined();
  });

  it("reads back the cursor it wrote, and drops a forged one", () => {
    const at = new Date("2026-12-15T17:00:00.000Z");
    expect(callBrowseParamsSchema.parse({ after: encodeCursor({ at, id }) }).after).toEqual({ at, id });
    expect(callBrowseParamsSchema.parse({ before: `${at.toISOString()}_not-a-uuid` }).before).toBeUndefined();
    expect(callBrowseParamsSchema.parse({ before: `${at.toISOString()}_${id}_x` }).before).toBeUndefined();
    expect(callBrowseParamsSchema.parse({ after: `nonsense_${id}` }).after).toBeUndefined();
  });
});

describe("partnerBrowseParamsSchema", () => {
  it("keeps a known organisation kind and drops an unknown one", () => {
    expect(partnerBrowseParamsSchema.parse({ kind: "university" }).kind).toBe("university");
    expect(partnerBrowseParamsSchema.parse({ kind: "wizard" }).kind).toBeUndefined();
  });
});

describe("firstValues", () => {
  it("takes the first of repeated parameters and drops empty ones", () => {
    expect(firstValues({ a: ["1", "2"], b: "", c: "x", d: undefined })).toEqual({ a: "1", b: undefined, c: "x", d: undefined });
  });
});
