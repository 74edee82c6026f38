import { createHash } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compareAnchors, describeFinding, extractAnchorsFromHtml, parseAnchorText, parseFetched, type Anchor, type ChainView } from "./anchors";

const h = (s: string) => createHash("sha256").update(s).digest("hex");

/** A chain as a map seq → hash (gaps allowed: rolled-back writers burn sequence numbers). */
function chainOf(entries: [number, string][]): ChainView {
  const map = new Map(entries);
  return { endSeq: entries.length ? Math.max(...entries.map(([s]) => s)) : null, hashAt: (seq) => map.get(seq) };
}

const anchor = (seq: number, hash: string, source = "test"): Anchor => ({ seq, hash, source });

describe("compareAnchors", () => {
  const chain = chainOf([
    [1, h("a")],
    [2, h("b")],
    [4, h("d")],
    [5, h("e")],
  ]);

  it("anchors that match their entries hold", () => {
    expect(compareAnchors([anchor(2, h("b")), anchor(5, h("e"))], chain)).toEqual([]);
  });

  it("an anchor past the chain's end is a truncation", () => {
    expect(compareAnchors([anchor(7, h("g"))], chain)).toEqual([{ kind: "truncated", anchor: anchor(7, h("g")), chainEnd: 5 }]);
    expect(compareAnchors([anchor(1, h("a"))], chainOf([]))).toEqual([{ kind: "truncated", anchor: anchor(1, h("a")), chainEnd: null }]);
  });

  it("an anchor whose entry is gone from inside the chain is reported as missing", () => {
    expect(compareAnchors([anchor(3, h("c"))], chain)).toEqual([{ kind: "missing", anchor: anchor(3, h("c")) }]);
  });

  it("an anchor whose entry now has another hash is a re-hash", () => {
    expect(compareAnchors([anchor(4, h("x"))], chain)).toEqual([{ kind: "rehashed", anchor: anchor(4, h("x")), actualHash: h("d") }]);
  });

  it("reports every contradiction, in the order given, and keeps where each anchor came from", () => {
    const findings = compareAnchors([anchor(9, h("i"), "file:3"), anchor(1, h("a")), anchor(2, h("z"), "https://x/page")], chain);
    expect(findings.map((f) => [f.kind, f.anchor.source])).toEqual([
      ["truncated", "file:3"],
      ["rehashed", "https://x/page"],
    ]);
    expect(findings.map(describeFinding)).toEqual([
      expect.stringMatching(/#9 .*file:3.*ends at #5.*truncation/),
      expect.stringMatching(/#2 .*https:\/\/x\/page.*rewritten and re-hashed/),
    ]);
  });

  it("property: anchors taken from a chain hold; cut the chain and exactly the anchors past the cut are truncations", () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: 500 }), { minLength: 1, maxLength: 40 }), fc.nat(), (seqs, cutAt) => {
        const sorted = [...seqs].sort((a, b) => a - b);
        const entries = sorted.map((s): [number, string] => [s, h(String(s))]);
        const anchors = entries.map(([s, hash]) => anchor(s, hash));
        expect(compareAnchors(anchors, chainOf(entries))).toEqual([]);
        const kept = entries.slice(0, cutAt % (entries.length + 1));
        const findings = compareAnchors(anchors, chainOf(kept));
        expect(findings.every((f) => f.kind === "truncated")).toBe(true);
        expect(findings.map((f) => f.anchor.seq)).toEqual(sorted.slice(kept.length));
      }),
    );
  });
});

describe("parseAnchorText", () => {
  it("reads lines 'seq hash', skipping comments and blank lines, and lowercases hashes", () => {
    const text = `# kept from the results page\n12 ${h("a").toUpperCase()}\n\n  40\t${h("b")}  # corrected\n`;
    expect(parseAnchorText(text, "kept.txt")).toEqual([anchor(12, h("a"), "kept.txt:2"), anchor(40, h("b"), "kept.txt:4")]);
  });

  it("reads a JSON list and the endpoint's {anchors: […]}", () => {
    expect(parseAnchorText(JSON.stringify([{ seq: 3, hash: h("c") }]), "a.json")).toEqual([anchor(3, h("c"), "a.json [0]")]);
    const saved = { anchors: [{ seq: "7", hash: h("g"), action: "call.published", page: "/x" }] };
    expect(parseAnchorText(JSON.stringify(saved), "saved.json")).toEqual([anchor(7, h("g"), "saved.json [0]")]);
  });

  it("refuses what is not an anchor, saying where", () => {
    expect(() => parseAnchorText(`12 ${h("a")}\n13 not-a-hash\n`, "f")).toThrow(/f:2: the hash must be 64 hexadecimal/);
    expect(() => parseAnchorText(`0 ${h("a")}`, "f")).toThrow(/f:1: the sequence number must be a positive integer/);
    expect(() => parseAnchorText(`12`, "f")).toThrow(/f:1: expected "seq hash"/);
    expect(() => parseAnchorText(`{"seq": 1}`, "f")).toThrow(/expected a list of anchors/);
    expect(() => parseAnchorText(`[{"seq": 1.5, "hash": "${h("a")}"}]`, "f")).toThrow(/positive integer/);
    expect(() => parseAnchorText(`{nope`, "f")).toThrow(/not valid JSON/);
  });
});

describe("extractAnchorsFromHtml", () => {
  it("finds every marked element, attributes in any order, once each", () => {
    const html = `
      <div class="small" data-testid="audit-anchor" data-audit-seq="118" data-audit-hash="${h("a")}"><p>…</p></div>
      <li><span data-audit-hash="${h("b")}" data-audit-seq="90">ancoraggio</span></li>
      <span data-audit-seq="118" data-audit-hash="${h("a")}"></span>`;
    expect(extractAnchorsFromHtml(html, "page")).toEqual([anchor(118, h("a"), "page"), anchor(90, h("b"), "page")]);
  });

  it("a page without anchors gives none; a malformed mark is an error", () => {
    expect(extractAnchorsFromHtml("<html><body><p>data-audit-seq in text</p></body></html>", "p")).toEqual([]);
    expect(() => extractAnchorsFromHtml(`<div data-audit-seq="5" data-audit-hash="abc"></div>`, "p")).toThrow(/64 hexadecimal/);
  });

  it("parseFetched reads JSON by its content type, HTML otherwise", () => {
    const json = JSON.stringify({ anchors: [{ seq: 1, hash: h("a") }] });
    expect(parseFetched(json, "application/json; charset=utf-8", "u")).toEqual([anchor(1, h("a"), "u [0]")]);
    expect(parseFetched(`<b data-audit-seq="2" data-audit-hash="${h("b")}">`, "text/html", "u")).toEqual([anchor(2, h("b"), "u")]);
  });
});
