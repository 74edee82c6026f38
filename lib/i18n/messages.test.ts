import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

function load(locale: string): Record<string, unknown> {
  const root = path.join(process.cwd(), "messages");
  const dir = path.join(root, locale);
  const files = [path.join(root, `${locale}.json`), ...fs.readdirSync(dir).map((f) => path.join(dir, f))];
  return Object.assign({}, ...files.map((f) => JSON.parse(fs.readFileSync(f, "utf8"))));
}

function keys(value: unknown, prefix = ""): string[] {
  if (value === null || typeof value !== "object") return [prefix];
  return Object.entries(value).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
}

function lookup(messages: unknown, key: string): unknown {
  return key.split(".").reduce<unknown>((o, p) => (o as Record<string, unknown>)[p], messages);
}

describe("messages", () => {
  const it_ = load("it");
  const en = load("en");

  it("Italian and English have exactly the same keys", () => {
    expect(keys(en).sort()).toEqual(keys(it_).sort());
  });

  it("has no empty text", () => {
    for (const [name, messages] of [["it", it_], ["en", en]] as const) {
      const empty = keys(messages).filter((k) => {
        const text = lookup(messages, k);
        return typeof text !== "string" || text.trim() === "";
      });
      expect(empty, name).toEqual([]);
    }
  });

  it("the domain files do not redefine a namespace of the shared file", () => {
    const shared = Object.keys(JSON.parse(fs.readFileSync(path.join(process.cwd(), "messages", "it.json"), "utf8")));
    for (const file of fs.readdirSync(path.join(process.cwd(), "messages", "it"))) {
      const own = Object.keys(JSON.parse(fs.readFileSync(path.join(process.cwd(), "messages", "it", file), "utf8")));
      expect(own.filter((k) => shared.includes(k)), file).toEqual([]);
    }
  });
});
