import { z } from "zod";
import { callThemes } from "@/lib/calls/schemas";
import { euroField } from "@/lib/form-fields";
import { listProvinces, listRegions } from "@/lib/municipalities";
import { organisationKinds } from "@/lib/organisations/schemas";
import { isRomeLocal, romeLocalToUtc } from "@/lib/time";

/**
 * The incentive programme form (catalogue of external programmes: regional, national, EU),
 * shared by the browser and the server. Every text, list and amount is bounded; the official
 * link must be an http(s) URL. Intensities arrive as percentages ("20", "12,5") and are kept
 * in basis points.
 */

export const aidRegimes = ["de_minimis", "gber", "notified", "not_state_aid"] as const;
export const programmeProcedures = ["ranked", "first_come", "automatic"] as const;
export const programmeLevels = ["regional", "national", "eu", "pact"] as const;
/** ATECO 2007/2025 sections. */
export const atecoSections = ["A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K", "L", "M", "N", "O", "P", "Q", "R", "S", "T", "U"] as const;

export const NAME_MAX = 200;
export const DESCRIPTION_MAX = 5000;
export const AUTHORITY_MAX = 200;
export const FUND_MAX = 100;
export const GBER_ARTICLE_MAX = 20;
export const URL_MAX = 500;

const REGION_CODES = new Set(listRegions().map((r) => r.code));
const PROVINCE_CODES = new Set(listProvinces().map((p) => p.code));

/** A percentage with up to two decimals ("20", "12,5") → basis points (2000, 1250); "" → 0. */
const percent = z
  .string()
  .trim()
  .max(6, "percentInvalid")
  .transform((v, ctx) => {
    if (v === "") return 0;
    const m = /^(\d{1,3})(?:[.,](\d{1,2}))?$/.exec(v);
    const bp = m ? Number(m[1]) * 100 + Number((m[2] ?? "").padEnd(2, "0")) : NaN;
    if (!m || bp > 10_000) {
      ctx.addIssue({ code: "custom", message: "percentInvalid" });
      return z.NEVER;
    }
    return bp;
  });

const romeDateTime = z
  .string()
  .trim()
  .max(20, "dateInvalid")
  .refine((v) => v === "" || isRomeLocal(v), "dateInvalid")
  .transform((v) => (v === "" ? null : romeLocalToUtc(v)));

/** An official link: blank, or an absolute http(s) URL. */
export const officialUrlField = z
  .string()
  .trim()
  .max(URL_MAX, "tooLong")
  .refine((v) => {
    if (v === "") return true;
    try {
      const u = new URL(v);
      return (u.protocol === "http:" || u.protocol === "https:") && u.hostname.length > 0;
    } catch {
      return false;
    }
  }, "urlInvalid");

/** A list of distinct values from a closed set, at most `max` long. */
const codes = <T extends z.ZodType<string>>(item: T, max: number) =>
  z
    .array(item)
    .max(max, "tooMany")
    .transform((v) => [...new Set(v)].sort());

export const programmeFieldsSchema = z
  .object({
    name: z.string().trim().min(1, "required").max(NAME_MAX, "tooLong"),
    description: z.string().trim().max(DESCRIPTION_MAX, "tooLong"),
    authority: z.string().trim().min(1, "required").max(AUTHORITY_MAX, "tooLong"),
    level: z.enum(programmeLevels, "required"),
    fund: z.string().trim().max(FUND_MAX, "tooLong"),
    aidRegime: z.enum(aidRegimes, "required"),
    gberArticle: z.string().trim().max(GBER_ARTICLE_MAX, "tooLong"),
    procedure: z.enum(programmeProcedures, "required"),
    maxIntensityMicro: percent,
    maxIntensitySmall: percent,
    maxIntensityMedium: percent,
    maxIntensityLarge: percent,
    maxIntensityOther: percent,
    minEligible: euroField,
    maxEligible: euroField,
    maxAid: euroField,
    applicantKinds: codes(z.enum(organisationKinds, "invalidInput"), organisationKinds.length),
    atecoSections: codes(z.enum(atecoSections, "invalidInput"), atecoSections.length),
    regions: codes(z.string().refine((v) => REGION_CODES.has(v), "invalidInput"), 20),
    provinces: codes(z.string().refine((v) => PROVINCE_CODES.has(v), "invalidInput"), 110),
    solutionTypes: codes(z.enum(callThemes, "invalidInput"), callThemes.length),
    opensAt: romeDateTime,
    closesAt: romeDateTime,
    /** The authority declared the funds exhausted (a sportello). */
    fundsExhausted: z.boolean(),
    officialUrl: officialUrlField,
  })
  .superRefine((v, ctx) => {
    if (v.maxEligible > 0 && v.minEligible > v.maxEligible) ctx.addIssue({ code: "custom", path: ["maxEligible"], message: "programmeEligibleRange" });
    if (v.opensAt && v.closesAt && v.closesAt <= v.opensAt) ctx.addIssue({ code: "custom", path: ["closesAt"], message: "programmeWindowOrder" });
    if (v.aidRegime === "gber" && v.gberArticle === "") ctx.addIssue({ code: "custom", path: ["gberArticle"], message: "programmeGberArticleRequired" });
    if ([v.maxIntensityMicro, v.maxIntensitySmall, v.maxIntensityMedium, v.maxIntensityLarge, v.maxIntensityOther].every((bp) => bp === 0)) {
      ctx.addIssue({ code: "custom", path: ["maxIntensitySmall"], message: "programmeIntensityRequired" });
    }
  });

export type ProgrammeFieldsInput = z.input<typeof programmeFieldsSchema>;
export type ProgrammeFields = z.output<typeof programmeFieldsSchema>;

/** Creating: in a coalition's catalogue (its promoters) or, blank, the global one (platform admins). */
export const createProgrammeSchema = z.object({
  coalitionId: z.union([z.uuid("invalidInput"), z.literal("")]),
  fields: programmeFieldsSchema,
});
export const updateProgrammeSchema = z.object({
  programmeId: z.uuid("invalidInput"),
  fields: programmeFieldsSchema,
});

export type CreateProgrammeInput = z.input<typeof createProgrammeSchema>;
export type UpdateProgrammeInput = z.input<typeof updateProgrammeSchema>;
