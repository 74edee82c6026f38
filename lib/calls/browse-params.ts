import { z } from "zod";
import { organisationKinds } from "@/lib/organisations/schemas";
import { cursorDate } from "@/lib/paging/keyset";
import type { CallPhase } from "./policy";
import { callThemes } from "./schemas";

/**
 * The query parameters of the public list of calls and of the partner search across
 * calls. They arrive from a plain GET form or a shared link, so nothing here is an
 * error: an unknown or malformed value is dropped and the page shows the unfiltered list.
 */

export const DEFAULT_PAGE_SIZE = 10;
export const MAX_PAGE_SIZE = 50;

/** Phases a visitor can filter on: drafts are never public. */
export const publicPhases = ["scheduled", "open", "review", "voting", "counting", "results", "archived"] as const satisfies readonly CallPhase[];
export type PublicPhase = (typeof publicPhases)[number];

/** A position in a keyset order: the sort value (an instant) and the id that breaks ties. */
export type Cursor = { at: Date; id: string };

const CURSOR_SEPARATOR = "_";

export function encodeCursor(c: Cursor): string {
  return `${c.at.toISOString()}${CURSOR_SEPARATOR}${c.id}`;
}

const cursor = z
  .string()
  .max(100)
  .transform((v, ctx): Cursor => {
    const [iso, id, ...rest] = v.split(CURSOR_SEPARATOR);
    const at = cursorDate(iso);
    if (rest.length > 0 || !at || !z.uuid().safeParse(id).success) {
      ctx.addIssue({ code: "custom", message: "invalidInput" });
      return z.NEVER;
    }
    return { at: at as Date, id: id as string };
  });

const optional = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);

const search = z
  .string()
  .trim()
  .max(200)
  .transform((v) => v || undefined);

const pageSize = z.coerce
  .number()
  .int()
  .catch(DEFAULT_PAGE_SIZE)
  .transform((n) => Math.min(Math.max(n, 1), MAX_PAGE_SIZE));

const slug = z.string().regex(/^[a-z0-9-]{1,80}$/);

/** /calls?q=&coalition=&phase=&theme=&lead=&size=&after=|before= */
export const callBrowseParamsSchema = z.object({
  q: optional(search),
  coalition: optional(slug),
  phase: optional(z.enum(publicPhases)),
  theme: optional(z.enum(callThemes)),
  lead: optional(z.enum(organisationKinds)),
  size: pageSize.default(DEFAULT_PAGE_SIZE),
  after: optional(cursor),
  before: optional(cursor),
});
export type CallBrowseParams = z.output<typeof callBrowseParamsSchema>;

/** /partners?q=&coalition=&theme=&kind=&size=&after=|before= */
export const partnerBrowseParamsSchema = z.object({
  q: optional(search),
  coalition: optional(slug),
  theme: optional(z.enum(callThemes)),
  kind: optional(z.enum(organisationKinds)),
  size: pageSize.default(DEFAULT_PAGE_SIZE),
  after: optional(cursor),
  before: optional(cursor),
});
export type PartnerBrowseParams = z.output<typeof partnerBrowseParamsSchema>;

/** Next.js hands repeated parameters as arrays: the first one counts. */
export function firstValues(query: Record<string, string | string[] | undefined>): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(query).map(([k, v]) => [k, (Array.isArray(v) ? v[0] : v) || undefined]));
}

/** The parameters that keep a filter when moving between pages (everything but the cursor). */
export function filterQuery(params: Record<string, string | number | Date | undefined>): URLSearchParams {
  const out = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === "") continue;
    out.set(k, v instanceof Date ? v.toISOString() : String(v));
  }
  return out;
}
