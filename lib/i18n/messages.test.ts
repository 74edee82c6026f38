import { describe, expect, it } from "vitest";
import en from "@/messages/en.json";
import it_ from "@/messages/it.json";

function keys(value: unknown, prefix = ""): string[] {
  if (value === null || typeof value !== "object") return [prefix];
  return Object.entries(value).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
}

describe("messages", () => {
  it("Italian and English have exactly the same keys", () => {
    expect(keys(en).sort()).toEqual(keys(it_).sort());
  });

  it("has no empty text", () => {
    for (const [name, messages] of [["it", it_], ["en", en]] as const) {
      const empty = keys(messages).filter((k) => {
        const text = k.split(".").reduce<unknown>((o, p) => (o as Record<string, unknown>)[p], messages);
        return typeof text !== "string" || text.trim() === "";
      });
      expect(empty, name).toEqual([]);
    }
  });
});
