import type { CoalitionRole, ProtocolTheme } from "@/db/schema";
import type { FieldErrors } from "@/lib/errors";
import { THEME_KEY_MAX } from "./schemas";

/**
 * The protocol's rules, pure: theme keys, who adheres, what may change. The services check
 * them again inside their transactions.
 */

/** A label as a theme key: "Logistica e tracciabilità" → "logistica-e-tracciabilita". */
export function slugify(label: string): string {
  return label
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .slice(0, THEME_KEY_MAX)
    .replace(/^-+|-+$/g, "");
}

type ThemeInput = { key: string; label: string; description: string };

/**
 * The themes as stored: a blank key becomes the label's slug; keys must be unique (calls
 * refer to them). Returns the themes, or field errors ("themes.2.key" → message keys).
 */
export function resolveThemes(themes: ThemeInput[]): { themes: ProtocolTheme[]; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const seen = new Set<string>();
  const out = themes.map((t, i) => {
    const key = t.key || slugify(t.label);
    if (!key) (errors[`themes.${i}.key`] ??= []).push("protocolThemeKeyInvalid");
    else if (seen.has(key)) (errors[`themes.${i}.key`] ??= []).push("protocolThemeKeyDuplicate");
    seen.add(key);
    return t.description ? { key, label: t.label, description: t.description } : { key, label: t.label };
  });
  return { themes: out, errors };
}

/** Version 2 onwards amends the one before: it says why. */
export function amendmentNoteProblem(version: number, note: string): "protocolAmendmentNoteRequired" | null {
  return version >= 2 && note.trim() === "" ? "protocolAmendmentNoteRequired" : null;
}

/** Every member organisation adheres, whatever its role: promoter, member or observer. */
export const adheringCoalitionRoles: readonly CoalitionRole[] = ["promoter", "member", "observer"];

/** The keys a call names that the current protocol does not list (all of them when there is no protocol). */
export function unknownThemeKeys(keys: readonly string[], themes: readonly Pick<ProtocolTheme, "key">[]): string[] {
  const known = new Set(themes.map((t) => t.key));
  return keys.filter((k) => !known.has(k));
}
