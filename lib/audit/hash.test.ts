import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalJson, entryHash } from "./index";

describe("canonicalJson", () => {
  it("sorts keys at every depth", () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[3,{"y":2,"z":1}]},"b":1}');
  });

  it("drops undefined properties and turns undefined array items into null", () => {
    expect(canonicalJson({ a: undefined, b: [undefined, 1] })).toBe('{"b":[null,1]}');
  });

  it("encodes scalars like JSON", () => {
    expect(canonicalJson("è \"q\"")).toBe(JSON.stringify("è \"q\""));
    expect(canonicalJson(42)).toBe("42");
    expect(canonicalJson(null)).toBe("null");
    expect(canonicalJson(true)).toBe("true");
    expect(canonicalJson(undefined)).toBe("null");
  });

  it("does not depend on key order, and parses back to the same value", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const shuffled = JSON.parse(JSON.stringify(value, (_k, v) => (v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).reverse()) : v)));
        expect(canonicalJson(shuffled)).toBe(canonicalJson(value));
        expect(JSON.parse(canonicalJson(value))).toEqual(JSON.parse(JSON.stringify(value)));
      }),
    );
  });
});

describe("entryHash", () => {
  const prev = "0".repeat(64);
  const entry = {
    occurredAt: new Date("2026-01-02T03:04:05.678Z"),
    actorUserId: "11111111-1111-4111-8111-111111111111",
    organisationId: null,
    action: "organisation.created",
    entityType: "organisation",
    entityId: "22222222-2222-4222-8222-222222222222",
    data: { legalName: "Comune di Prova", kind: "public_body" },
  };

  it("is the SHA-256 of the previous hash and the canonical content", () => {
    const content = canonicalJson({
      occurredAt: "2026-01-02T03:04:05.678Z",
      actorUserId: entry.actorUserId,
      organisationId: null,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId,
      data: entry.data,
    });
    expect(entryHash(prev, entry)).toBe(createHash("sha256").update(`${prev}\n${content}`).digest("hex"));
    expect(entryHash(prev, entry)).toMatch(/^[0-9a-f]{64}$/);
  });

  it("does not depend on the key order of data (jsonb reorders keys)", () => {
    expect(entryHash(prev, { ...entry, data: { kind: "public_body", legalName: "Comune di Prova" } })).toBe(entryHash(prev, entry));
  });

  it("changes when any field or the previous hash changes", () => {
    const base = entryHash(prev, entry);
    const variants = [
      entryHash("1".repeat(64), entry),
      entryHash(prev, { ...entry, occurredAt: new Date(entry.occurredAt.getTime() + 1) }),
      entryHash(prev, { ...entry, actorUserId: null }),
      entryHash(prev, { ...entry, organisationId: entry.entityId }),
      entryHash(prev, { ...entry, action: "organisation.verified" }),
      entryHash(prev, { ...entry, entityType: "user" }),
      entryHash(prev, { ...entry, entityId: entry.actorUserId }),
      entryHash(prev, { ...entry, data: { ...entry.data, legalName: "Comune di Prova 2" } }),
    ];
    for (const v of variants) expect(v).not.toBe(base);
    expect(new Set(variants).size).toBe(variants.length);
  });
});
