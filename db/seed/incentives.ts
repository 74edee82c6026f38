import type { ProgrammeFieldsInput } from "../../lib/incentives/programme-schemas";
import { now } from "../../lib/clock";
import { utcToRomeLocal } from "../../lib/time";

/**
 * The demo catalogue of incentive programmes (DEMO.md, "The money that follows"): the global
 * catalogue kept by the platform admin. Fictional calls modelled on real kinds of programme.
 * Open windows are set relative to the day of the first seed run, so the demo always has
 * open programmes; the closed one has fixed dates in the past.
 *
 * Like data.ts this module touches no database and imports only pure modules, so Playwright
 * specs may import the names; db/seed/incentive-programmes.ts writes them.
 */

export const FESR_NAME = "PR FESR 2021-27 – Digitalizzazione delle PMI";
export const VOUCHER_NAME = "Voucher digitali – consulenza per la trasformazione digitale";
export const NATIONAL_NAME = "Piano nazionale transizione digitale delle PMI";
export const CLOSED_NAME = "Bando PMI digitali 2026 – prima finestra";
export const MEDIUM_ONLY_NAME = "Manifattura intelligente – medie imprese";

const DAY = 86_400_000;
const romeAt = (days: number, time = "12:00") => `${utcToRomeLocal(new Date(now().getTime() + days * DAY)).slice(0, 10)}T${time}`;

const common = {
  description: "",
  fund: "",
  gberArticle: "",
  maxIntensityMicro: "",
  maxIntensitySmall: "",
  maxIntensityMedium: "",
  maxIntensityLarge: "",
  maxIntensityOther: "",
  minEligible: "",
  maxEligible: "",
  maxAid: "",
  applicantKinds: [] as string[],
  atecoSections: [] as string[],
  regions: [] as string[],
  provinces: [] as string[],
  solutionTypes: [] as string[],
  opensAt: "",
  closesAt: "",
  fundsExhausted: false,
  officialUrl: "",
};

export function demoProgrammes(): ProgrammeFieldsInput[] {
  return [
    {
      ...common,
      name: FESR_NAME,
      description:
        "Contributi a fondo perduto alle micro, piccole e medie imprese piemontesi per investimenti in soluzioni digitali: gestionali ed ERP, cloud, commercio elettronico, sicurezza informatica, tracciabilità. Domande a sportello fino alla chiusura o all'esaurimento delle risorse.",
      authority: "Regione Piemonte / Finpiemonte",
      level: "regional",
      fund: "FESR 2021-27",
      aidRegime: "gber",
      gberArticle: "17",
      procedure: "first_come",
      maxIntensityMicro: "20",
      maxIntensitySmall: "20",
      maxIntensityMedium: "10",
      minEligible: "20.000",
      maxEligible: "500.000",
      applicantKinds: ["firm"],
      regions: ["01"],
      solutionTypes: ["erp", "cloud", "ecommerce", "cybersecurity", "traceability", "marketplace", "logistics"],
      opensAt: romeAt(-30, "09:00"),
      closesAt: romeAt(120),
      officialUrl: "https://www.regione.piemonte.it/web/temi/fondi-progetti-europei/fondo-europeo-sviluppo-regionale-fesr",
    } as ProgrammeFieldsInput,
    {
      ...common,
      name: VOUCHER_NAME,
      description:
        "Un voucher per la consulenza sulla trasformazione digitale (analisi dei processi, scelta del gestionale, sicurezza informatica, formazione): copre metà della spesa fino a 40.000 €, in regime de minimis.",
      authority: "Camera di commercio di Torino",
      level: "regional",
      aidRegime: "de_minimis",
      procedure: "ranked",
      maxIntensityMicro: "50",
      maxIntensitySmall: "50",
      maxIntensityMedium: "50",
      minEligible: "5.000",
      maxAid: "40.000",
      applicantKinds: ["firm"],
      regions: ["01"],
      opensAt: romeAt(-10, "09:00"),
      closesAt: romeAt(60),
      officialUrl: "https://www.to.camcom.it/",
    } as ProgrammeFieldsInput,
    {
      ...common,
      name: NATIONAL_NAME,
      description: "Agevolazione nazionale per l'acquisto di beni e servizi digitali da parte delle imprese di ogni dimensione, fino a esaurimento delle risorse.",
      authority: "Ministero delle Imprese e del Made in Italy (MIMIT)",
      level: "national",
      fund: "PNRR",
      aidRegime: "notified",
      procedure: "automatic",
      maxIntensityMicro: "40",
      maxIntensitySmall: "40",
      maxIntensityMedium: "30",
      maxIntensityLarge: "15",
      minEligible: "10.000",
      maxEligible: "2.000.000",
      applicantKinds: ["firm"],
      opensAt: romeAt(-60, "09:00"),
      officialUrl: "https://www.mimit.gov.it/",
    } as ProgrammeFieldsInput,
    {
      ...common,
      name: CLOSED_NAME,
      description: "La prima finestra del bando regionale per la digitalizzazione delle PMI, chiusa il 30 giugno 2026. La nuova finestra è il programma FESR 2021-27 aperto.",
      authority: "Regione Piemonte / Finpiemonte",
      level: "regional",
      fund: "FESR 2021-27",
      aidRegime: "gber",
      gberArticle: "17",
      procedure: "ranked",
      maxIntensityMicro: "20",
      maxIntensitySmall: "20",
      maxIntensityMedium: "10",
      minEligible: "20.000",
      maxEligible: "500.000",
      applicantKinds: ["firm"],
      regions: ["01"],
      opensAt: "2026-02-02T09:00",
      closesAt: "2026-06-30T12:00",
      officialUrl: "https://www.regione.piemonte.it/web/temi/fondi-progetti-europei/fondo-europeo-sviluppo-regionale-fesr",
    } as ProgrammeFieldsInput,
    {
      ...common,
      name: MEDIUM_ONLY_NAME,
      description: "Investimenti in manifattura digitale (sensori, gemelli digitali, MES) delle medie imprese manifatturiere.",
      authority: "Regione Piemonte",
      level: "regional",
      fund: "FESR 2021-27",
      aidRegime: "gber",
      gberArticle: "14",
      procedure: "ranked",
      maxIntensityMedium: "25",
      minEligible: "100.000",
      applicantKinds: ["firm"],
      atecoSections: ["C"],
      regions: ["01"],
      opensAt: romeAt(-5, "09:00"),
      closesAt: romeAt(90),
    } as ProgrammeFieldsInput,
  ];
}
