import { createHash } from "node:crypto";
import type { ProtocolTheme } from "@/db/schema";

export type CanonicalInput = { version: number; title: string; themes: readonly ProtocolTheme[]; amendmentNote: string | null; body: string };

/**
 * The exact text members adhere to, whose SHA-256 Tavolo records (coalition_protocol_versions
 * .text_sha256, protocol_adhesions.text_sha256). UTF-8, lines ending in LF:
 *
 *   Protocollo d'intesa
 *   Versione: <number>
 *   Titolo: <title>
 *   Temi prioritari:
 *   - <key>: <label>                    one line per theme, in order;
 *   - <key>: <label> — <description>    " — " and the description when there is one
 *   Nota di modifica: <note>            only when the version has one
 *   <empty line>
 *   <body, Markdown as written>
 *   <one final LF>
 *
 * Title, labels, descriptions and the note are single lines (the input schema folds white
 * space); the body comes last, NFC-normalised with LF line endings and no trailing white
 * space. Anyone can check a hash: download the text (the version's page links it) and run
 * `sha256sum`.
 */
export function canonicalProtocolText(v: CanonicalInput): string {
  const lines = ["Protocollo d'intesa", `Versione: ${v.version}`, `Titolo: ${v.title}`, "Temi prioritari:"];
  for (const t of v.themes) lines.push(`- ${t.key}: ${t.label}${t.description ? ` — ${t.description}` : ""}`);
  if (v.amendmentNote) lines.push(`Nota di modifica: ${v.amendmentNote}`);
  lines.push("", v.body);
  return `${lines.join("\n")}\n`;
}

/** SHA-256 of the canonical text, lowercase hex. */
export function protocolTextSha256(v: CanonicalInput): string {
  return createHash("sha256").update(canonicalProtocolText(v), "utf8").digest("hex");
}
