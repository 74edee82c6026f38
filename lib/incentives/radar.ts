import { getMunicipality } from "@/lib/municipalities";
import { maxAidAtIntensity, maxIntensityBp } from "./intensity";

/**
 * The incentive radar (issue 11 item 4): which programmes of the catalogue fit one
 * organisation, and why the others do not. Pure: the caller reads the programmes, the
 * organisation and the solution types of its proposals, and passes the instant.
 *
 * A restriction left empty in the programme means "anyone". Each failed restriction is
 * one reason; a programme with no reason fits, one with one or two reasons is a near miss
 * (shown with its reasons), the rest are not for this organisation.
 */

export type SizeClass = "micro" | "small" | "medium" | "large";

export type RadarProgramme = {
  id: string;
  name: string;
  maxIntensityMicroBp: number;
  maxIntensitySmallBp: number;
  maxIntensityMediumBp: number;
  maxIntensityLargeBp: number;
  maxIntensityOtherBp: number;
  minEligibleCents: number;
  maxEligibleCents: number;
  maxAidCents: number;
  applicantKinds: string[];
  atecoSections: string[];
  regions: string[];
  provinces: string[];
  solutionTypes: string[];
  opensAt: Date | null;
  closesAt: Date | null;
  fundsExhaustedAt: Date | null;
};

export type RadarOrganisation = {
  kind: string;
  sizeClass: SizeClass | null;
  atecoCode: string | null;
  municipalityCode: string;
};

export type ProgrammeWindow = "open" | "upcoming" | "closed" | "exhausted";

export type RadarReason =
  | { code: "kind"; allowed: string[] }
  | { code: "sizeClass"; allowed: SizeClass[]; other: boolean }
  | { code: "ateco"; allowed: string[]; section: string | null }
  | { code: "region"; allowed: string[] }
  | { code: "province"; allowed: string[] }
  | { code: "solution"; allowed: string[] }
  | { code: "closed"; at: Date }
  | { code: "exhausted"; at: Date }
  | { code: "costBelowMinimum"; minimumCents: number };

export type RadarVerdict = "fits" | "near" | "no";

export type RadarEntry<P extends RadarProgramme = RadarProgramme> = {
  programme: P;
  verdict: RadarVerdict;
  window: ProgrammeWindow;
  reasons: RadarReason[];
  /** The deadline while open or upcoming (null: until funds run out). */
  deadline: Date | null;
  /** The maximum intensity for this organisation, in basis points (0: its class may not apply). */
  intensityBp: number;
  /** The most aid it could get for the project cost given (null when no cost was given). */
  maxAidCents: number | null;
};

/** How many failed restrictions still make a near miss. */
export const NEAR_MISS_MAX_REASONS = 2;

const SECTIONS: [string, number, number][] = [
  ["A", 1, 3],
  ["B", 5, 9],
  ["C", 10, 33],
  ["D", 35, 35],
  ["E", 36, 39],
  ["F", 41, 43],
  ["G", 45, 47],
  ["H", 49, 53],
  ["I", 55, 56],
  ["J", 58, 63],
  ["K", 64, 66],
  ["L", 68, 68],
  ["M", 69, 75],
  ["N", 77, 82],
  ["O", 84, 84],
  ["P", 85, 85],
  ["Q", 86, 88],
  ["R", 90, 93],
  ["S", 94, 96],
  ["T", 97, 98],
  ["U", 99, 99],
];

/** The ATECO section (A–U) of a code such as "62.01.00" (division 62 → J); null when unknown. */
export function atecoSection(code: string | null): string | null {
  const m = code ? /^(\d{2})/.exec(code.trim()) : null;
  if (!m) return null;
  const division = Number(m[1]);
  return SECTIONS.find(([, from, to]) => division >= from && division <= to)?.[0] ?? null;
}

/** The programme's maximum intensity for an organisation: by size class, or "other" without one. */
export const intensityFor: (p: RadarProgramme, sizeClass: SizeClass | null) => number = maxIntensityBp;

/** Where the programme's window stands at an instant; exhausted funds close it whatever the dates say. */
export function programmeWindow(p: Pick<RadarProgramme, "opensAt" | "closesAt" | "fundsExhaustedAt">, at: Date): ProgrammeWindow {
  if (p.fundsExhaustedAt && p.fundsExhaustedAt <= at) return "exhausted";
  if (p.closesAt && p.closesAt <= at) return "closed";
  if (p.opensAt && p.opensAt > at) return "upcoming";
  return "open";
}

/** The most aid for a project of this cost at an intensity (lib/incentives/intensity.ts). */
export const maxAidFor = maxAidAtIntensity;

const SIZE_CLASSES: SizeClass[] = ["micro", "small", "medium", "large"];

/** Matches one programme against one organisation. */
export function matchProgramme<P extends RadarProgramme>(
  p: P,
  org: RadarOrganisation,
  solutionTypes: readonly string[],
  at: Date,
  projectCostCents: number | null = null,
): RadarEntry<P> {
  const reasons: RadarReason[] = [];
  if (p.applicantKinds.length > 0 && !p.applicantKinds.includes(org.kind)) reasons.push({ code: "kind", allowed: p.applicantKinds });

  const intensityBp = intensityFor(p, org.sizeClass);
  // A kind refused already says it all; otherwise a 0% intensity means the size class may not apply.
  if (intensityBp === 0 && !reasons.some((r) => r.code === "kind")) {
    reasons.push({ code: "sizeClass", allowed: SIZE_CLASSES.filter((s) => intensityFor(p, s) > 0), other: p.maxIntensityOtherBp > 0 });
  }

  if (p.atecoSections.length > 0) {
    const section = atecoSection(org.atecoCode);
    if (!section || !p.atecoSections.includes(section)) reasons.push({ code: "ateco", allowed: p.atecoSections, section });
  }

  const place = getMunicipality(org.municipalityCode);
  if (p.regions.length > 0 && !(place && p.regions.includes(place.regionCode))) reasons.push({ code: "region", allowed: p.regions });
  if (p.provinces.length > 0 && !(place && p.provinces.includes(place.provinceCode))) reasons.push({ code: "province", allowed: p.provinces });

  if (p.solutionTypes.length > 0 && !solutionTypes.some((s) => p.solutionTypes.includes(s))) reasons.push({ code: "solution", allowed: p.solutionTypes });

  const window = programmeWindow(p, at);
  if (window === "exhausted") reasons.push({ code: "exhausted", at: p.fundsExhaustedAt! });
  if (window === "closed") reasons.push({ code: "closed", at: p.closesAt! });

  if (projectCostCents !== null && projectCostCents > 0 && projectCostCents < p.minEligibleCents) {
    reasons.push({ code: "costBelowMinimum", minimumCents: p.minEligibleCents });
  }

  const verdict: RadarVerdict = reasons.length === 0 ? "fits" : reasons.length <= NEAR_MISS_MAX_REASONS ? "near" : "no";
  return {
    programme: p,
    verdict,
    window,
    reasons,
    deadline: window === "open" || window === "upcoming" ? p.closesAt : null,
    intensityBp,
    maxAidCents: projectCostCents === null ? null : maxAidFor(p, intensityBp, projectCostCents),
  };
}

const VERDICT_ORDER: Record<RadarVerdict, number> = { fits: 0, near: 1, no: 2 };
const WINDOW_ORDER: Record<ProgrammeWindow, number> = { open: 0, upcoming: 1, closed: 2, exhausted: 2 };

/**
 * The radar of an organisation: every programme matched, fitting ones first, then near
 * misses, then the rest; within each, open before upcoming before closed, then the
 * soonest deadline (open until funds run out after dated ones), then the name.
 */
export function radar<P extends RadarProgramme>(
  programmes: readonly P[],
  org: RadarOrganisation,
  solutionTypes: readonly string[],
  at: Date,
  projectCostCents: number | null = null,
): RadarEntry<P>[] {
  const time = (d: Date | null) => (d ? d.getTime() : Number.POSITIVE_INFINITY);
  return programmes
    .map((p) => matchProgramme(p, org, solutionTypes, at, projectCostCents))
    .sort(
      (a, b) =>
        VERDICT_ORDER[a.verdict] - VERDICT_ORDER[b.verdict] ||
        WINDOW_ORDER[a.window] - WINDOW_ORDER[b.window] ||
        // Upcoming ones: soonest opening first; closed ones: most recently closed first.
        (a.window === "upcoming" && b.window === "upcoming" ? time(a.programme.opensAt) - time(b.programme.opensAt) : 0) ||
        (a.window === "closed" || a.window === "exhausted" ? time(b.programme.closesAt) - time(a.programme.closesAt) : time(a.deadline) - time(b.deadline)) ||
        a.programme.name.localeCompare(b.programme.name, "it") ||
        a.programme.id.localeCompare(b.programme.id),
    );
}
