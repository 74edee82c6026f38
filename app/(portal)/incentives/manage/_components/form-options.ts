import { getTranslations } from "next-intl/server";
import { callThemes } from "@/lib/calls/schemas";
import { aidRegimes, atecoSections, programmeLevels, programmeProcedures, type ProgrammeFieldsInput } from "@/lib/incentives/programme-schemas";
import { listProvinces, listRegions } from "@/lib/municipalities";
import { organisationKinds } from "@/lib/organisations/schemas";
import type { ProgrammeFormOptions } from "./programme-form";

/** The choices of the programme form, in the reader's language. */
export async function programmeFormOptions(catalogues: { value: string; label: string }[]): Promise<ProgrammeFormOptions> {
  const t = await getTranslations("incentives");
  const tk = await getTranslations("organisations.kinds");
  const tt = await getTranslations("calls.themes");
  return {
    levels: programmeLevels.map((v) => ({ value: v, label: t(`levels.${v}`) })),
    regimes: aidRegimes.map((v) => ({ value: v, label: t(`regimes.${v}`) })),
    procedures: programmeProcedures.map((v) => ({ value: v, label: t(`procedures.${v}`) })),
    kinds: organisationKinds.map((v) => ({ value: v, label: tk(v) })),
    sections: atecoSections.map((v) => ({ value: v, label: t("section", { letter: v }) })),
    regions: listRegions().map((r) => ({ value: r.code, label: r.name })),
    provinces: listProvinces().map((p) => ({ value: p.code, label: `${p.name} (${p.sigla})` })),
    themes: callThemes.map((v) => ({ value: v, label: tt(v) })),
    catalogues,
  };
}

export const emptyProgramme: ProgrammeFieldsInput = {
  name: "",
  description: "",
  authority: "",
  level: "regional",
  fund: "",
  aidRegime: "gber",
  gberArticle: "",
  procedure: "ranked",
  maxIntensityMicro: "",
  maxIntensitySmall: "",
  maxIntensityMedium: "",
  maxIntensityLarge: "",
  maxIntensityOther: "",
  minEligible: "",
  maxEligible: "",
  maxAid: "",
  applicantKinds: [],
  atecoSections: [],
  regions: [],
  provinces: [],
  solutionTypes: [],
  opensAt: "",
  closesAt: "",
  fundsExhausted: false,
  officialUrl: "",
};
