import { describe, expect, it } from "vitest";
import { amendmentNoteProblem, resolveThemes, slugify, unknownThemeKeys } from "./policy";

describe("protocol policy", () => {
  it("slugify: accents dropped, lowercase, single hyphens, at most 40 characters", () => {
    expect(slugify("Logistica e tracciabilità di filiera")).toBe("logistica-e-tracciabilita-di-filiera");
    expect(slugify("  Sicurezza informatica & cloud!  ")).toBe("sicurezza-informatica-cloud");
    expect(slugify("x".repeat(60))).toHaveLength(40);
    expect(slugify("€€€")).toBe("");
  });

  it("resolveThemes: blank keys from labels, duplicates and empty slugs refused", () => {
    expect(resolveThemes([{ key: "", label: "Competenze digitali", description: "" }])).toEqual({ themes: [{ key: "competenze-digitali", label: "Competenze digitali" }], errors: {} });
    expect(resolveThemes([{ key: "", label: "€", description: "" }]).errors).toEqual({ "themes.0.key": ["protocolThemeKeyInvalid"] });
  });

  it("an amendment note from version 2 on; calls' unknown keys", () => {
    expect(amendmentNoteProblem(1, "")).toBeNull();
    expect(amendmentNoteProblem(2, " ")).toBe("protocolAmendmentNoteRequired");
    expect(amendmentNoteProblem(3, "Perché")).toBeNull();
    expect(unknownThemeKeys(["erp", "x"], [{ key: "erp" }])).toEqual(["x"]);
    expect(unknownThemeKeys(["erp"], [])).toEqual(["erp"]);
  });
});
