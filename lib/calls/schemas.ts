import { z } from "zod";
import { euroField as euro } from "@/lib/form-fields";
import { organisationKinds, sizeClasses } from "@/lib/organisations/schemas";
import { callProtocolThemesSchema } from "@/lib/protocol/schemas";
import { isRomeLocal, romeLocalToUtc } from "@/lib/time";

export const callThemes = ["erp", "marketplace", "logistics", "traceability", "ecommerce", "cybersecurity", "cloud", "training", "other"] as const;
export const callSectors = ["industry", "agrifood", "services", "tourism", "infrastructure"] as const;
export const votingMethods = ["approval", "score"] as const;

export type CallTheme = (typeof callThemes)[number];
export type CallSector = (typeof callSectors)[number];

/** A percentage with up to two decimals ("30", "30,5") → basis points (3000, 3050), exactly. */
const percent = z
  .string()
  .trim()
  .transform((v, ctx) => {
    const m = /^(\d{1,3})(?:[.,](\d{1,2}))?$/.exec(v);
    const bp = m ? Number(m[1]) * 100 + Number((m[2] ?? "").padEnd(2, "0")) : NaN;
    if (!m || bp > 10_000) {
      ctx.addIssue({ code: "custom", message: "percentInvalid" });
      return z.NEVER;
    }
    return bp;
  });

const count = z
  .string()
  .trim()
  .regex(/^\d{1,4}$/, "integerInvalid")
  .transform(Number);

/** datetime-local text in Rome time → UTC instant; "" → null (a draft may leave it blank). */
const romeDateTime = z
  .string()
  .trim()
  .refine((v) => v === "" || isRomeLocal(v), "dateInvalid")
  .transform((v) => (v === "" ? null : romeLocalToUtc(v)));

/**
 * The call form, shared by the browser (zodResolver) and the server (parse). It checks
 * each field's format only; whether the rules fit together is validateCallRules'
 * job (lib/calls/policy.ts), run when publishing, so a draft can be saved half done.
 */
export const callFieldsSchema = z.object({
  title: z.string().trim().max(200, "tooLong"),
  description: z.string().max(20_000, "tooLong"),
  themes: z.array(z.enum(callThemes, "invalidInput")),
  sectors: z.array(z.enum(callSectors, "invalidInput")),
  budget: euro,
  maxRequest: euro,
  /** Proposals may ask for less than the cost not co-financed (the lead types the amount). */
  allowLowerRequest: z.boolean().optional(),
  minCofinancing: percent,
  /** The pact's grants: the largest advance, as a share of the grant ("0": none); optional for older clients and the seed. */
  advanceMax: percent.optional(),
  /** How far accepted expenses may exceed a budget line (default 10%). */
  lineTolerance: percent.optional(),
  minPartners: count,
  maxPartners: count,
  requiredPartnerKinds: z.array(z.enum(organisationKinds, "invalidInput")),
  leadKinds: z.array(z.enum(organisationKinds, "invalidInput")),
  sizeClasses: z.array(z.enum(sizeClasses, "invalidInput")),
  submissionOpensAt: romeDateTime,
  submissionClosesAt: romeDateTime,
  votingOpensAt: romeDateTime,
  votingClosesAt: romeDateTime,
  /** Questions (FAQ) close here; blank: with submission. Optional so older clients and the seed may leave it out. */
  questionsCloseAt: romeDateTime.optional(),
  votingMethod: z.enum(votingMethods, "required"),
  quorum: percent,
  ballotsPublic: z.boolean(),
  /** Keys of the coalition protocol's priority themes the call serves (checked against the current protocol by the service); left out: unchanged. */
  protocolThemes: callProtocolThemesSchema.optional(),
});

export type CallFieldsInput = z.input<typeof callFieldsSchema>;
export type CallFields = z.output<typeof callFieldsSchema>;
export type CallField = keyof CallFieldsInput;

export const createCallSchema = callFieldsSchema.extend({ coalitionId: z.uuid("invalidInput") });
export const updateCallSchema = callFieldsSchema.extend({ callId: z.uuid("invalidInput") });

export const callIdSchema = z.object({ callId: z.uuid("invalidInput") });

export const extendSubmissionSchema = z.object({
  callId: z.uuid("invalidInput"),
  submissionClosesAt: z
    .string()
    .trim()
    .refine((v) => isRomeLocal(v), "dateInvalid")
    .transform((v) => romeLocalToUtc(v)),
  reason: z.string().trim().min(1, "required").max(500, "tooLong"),
});
export type ExtendSubmissionInput = z.input<typeof extendSubmissionSchema>;
export type ExtendSubmission = z.output<typeof extendSubmissionSchema>;

/** An empty form: what a new call starts from. */
export const emptyCallForm: CallFieldsInput = {
  title: "",
  description: "",
  themes: [],
  sectors: [],
  budget: "",
  maxRequest: "",
  allowLowerRequest: false,
  minCofinancing: "0",
  advanceMax: "0",
  lineTolerance: "10",
  minPartners: "1",
  maxPartners: "10",
  requiredPartnerKinds: [],
  leadKinds: [],
  sizeClasses: [],
  submissionOpensAt: "",
  submissionClosesAt: "",
  votingOpensAt: "",
  votingClosesAt: "",
  questionsCloseAt: "",
  votingMethod: "approval",
  quorum: "50",
  ballotsPublic: false,
  protocolThemes: [],
};
