import { z } from "zod";

/** Bounds of a protocol version: a real protocol fits easily, a page still loads quickly. */
export const TITLE_MAX = 200;
export const BODY_MAX = 50_000;
export const NOTE_MAX = 2000;
export const THEME_LABEL_MAX = 120;
export const THEME_DESCRIPTION_MAX = 500;
export const THEME_KEY_MAX = 40;
export const THEMES_MIN = 1;
export const THEMES_MAX = 12;

/** A theme's key: a slug (lowercase letters, digits, single hyphens), stable across versions. */
export const THEME_KEY = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * One-line texts (title, theme labels and descriptions, the amendment note): runs of white
 * space, line breaks included, become one space, so each sits on one line of the canonical
 * text (lib/protocol/policy.ts).
 */
const line = (max: number) =>
  z
    .string()
    .transform((v) => v.normalize("NFC").replace(/\s+/g, " ").trim())
    .pipe(z.string().max(max, "tooLong"));

const requiredLine = (max: number) => line(max).pipe(z.string().min(1, "required"));

/** The body: Markdown, line endings as LF, no trailing white space at the end. */
const body = z
  .string()
  .transform((v) => v.normalize("NFC").replace(/\r\n?/g, "\n").trimEnd())
  .pipe(z.string().min(1, "required").max(BODY_MAX, "tooLong"));

export const themeSchema = z.object({
  /** Blank: derived from the label (slugify). */
  key: z
    .string()
    .trim()
    .max(THEME_KEY_MAX, "tooLong")
    .refine((v) => v === "" || THEME_KEY.test(v), "protocolThemeKeyInvalid"),
  label: requiredLine(THEME_LABEL_MAX),
  description: line(THEME_DESCRIPTION_MAX),
});

/** The draft form, shared by the browser (zodResolver) and the server (parse). */
export const protocolDraftFieldsSchema = z.object({
  title: requiredLine(TITLE_MAX),
  body,
  themes: z.array(themeSchema).min(THEMES_MIN, "protocolThemesCount").max(THEMES_MAX, "protocolThemesCount"),
  amendmentNote: line(NOTE_MAX),
});

export const saveDraftSchema = protocolDraftFieldsSchema.extend({ coalitionId: z.uuid("invalidInput") });
export type ProtocolDraftInput = z.input<typeof protocolDraftFieldsSchema>;
export type ProtocolDraftFields = z.output<typeof protocolDraftFieldsSchema>;

export const publishVersionSchema = z.object({ versionId: z.uuid("invalidInput") });

const sha256 = z.string().trim().toLowerCase().regex(/^[0-9a-f]{64}$/, "invalidInput");

/** Adhesion: the version and the hash the person read, for one organisation they represent. */
export const adhereSchema = z.object({
  versionId: z.uuid("invalidInput"),
  organisationId: z.uuid("invalidInput"),
  textSha256: sha256,
});
export type AdhereInput = z.input<typeof adhereSchema>;

/** Protocol themes a call names: keys, checked against the current protocol by the call service. */
export const callProtocolThemesSchema = z.array(z.string().trim().max(THEME_KEY_MAX, "tooLong").regex(THEME_KEY, "invalidInput")).max(THEMES_MAX, "invalidInput");
