import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { auditEntries, incentiveProgrammes, proposals } from "@/db/schema";
import { setClock } from "@/lib/clock";
import { expectAppError } from "@/test/assert";
import { auditActionsFor, testDb } from "@/test/db";
import { addMember, createPlatformAdmin, createUser, randomUUID, uniqueSuffix } from "@/test/factories";
import { createScenario, newDraft, T0 } from "@/test/proposals";
import type { ProgrammeFieldsInput } from "./programme-schemas";
import { createProgramme, getOrganisationRadar, getProgramme, listManageableProgrammes, listPublicProgrammes, mayManageCatalogue, programmeBrowseParamsSchema, updateProgramme } from "./programmes";

let db: Db;
beforeAll(async () => {
  db = await testDb();
});

const fields = (over: Partial<ProgrammeFieldsInput> = {}): ProgrammeFieldsInput => ({
  name: `Digitalizzazione PMI ${uniqueSuffix()}`,
  description: "Contributi per progetti di digitalizzazione.",
  authority: "Regione Piemonte / Finpiemonte",
  level: "regional",
  fund: "FESR 2021-27",
  aidRegime: "gber",
  gberArticle: "17",
  procedure: "first_come",
  maxIntensityMicro: "20",
  maxIntensitySmall: "20",
  maxIntensityMedium: "10",
  maxIntensityLarge: "",
  maxIntensityOther: "",
  minEligible: "20.000",
  maxEligible: "500.000",
  maxAid: "",
  applicantKinds: ["firm"],
  atecoSections: [],
  regions: ["01"],
  provinces: [],
  solutionTypes: ["erp", "cloud"],
  opensAt: "2026-01-01T09:00",
  closesAt: "2026-06-30T12:00",
  fundsExhausted: false,
  officialUrl: "https://www.finpiemonte.it/bandi",
  ...over,
});

describe("createProgramme and updateProgramme: who", () => {
  it("a platform admin adds to the global catalogue, audited with the values", async () => {
    const admin = await createPlatformAdmin(db);
    const { programmeId } = await createProgramme(db, admin.actor, { coalitionId: "", fields: fields() });
    const found = await getProgramme(db, programmeId);
    expect(found?.programme).toMatchObject({ coalitionId: null, maxIntensitySmallBp: 2000, maxIntensityMediumBp: 1000, minEligibleCents: 2_000_000, maxEligibleCents: 50_000_000, regions: ["01"], solutionTypes: ["cloud", "erp"] });
    expect(found?.programme.closesAt?.toISOString()).toBe("2026-06-30T10:00:00.000Z");
    expect(await auditActionsFor(db, programmeId)).toEqual(["incentive_programme.created"]);
    const [entry] = await db.select().from(auditEntries).where(eq(auditEntries.entityId, programmeId));
    expect((entry.data as { after: Record<string, unknown> }).after).toMatchObject({ maxIntensitySmallBp: 2000, officialUrl: "https://www.finpiemonte.it/bandi" });
  });

  it("nobody else adds to the global catalogue: a promoter, a firm, a stranger, nobody signed in", async () => {
    const s = await createScenario(db);
    for (const actor of [s.coalition.promoter.admin.actor, s.lead.admin.actor, (await createUser(db)).actor]) {
      await expectAppError(createProgramme(db, actor, { coalitionId: "", fields: fields() }), "FORBIDDEN");
    }
    await expectAppError(createProgramme(db, null, { coalitionId: "", fields: fields() }), "UNAUTHENTICATED");
  });

  it("a coalition's promoter representatives keep its entries; its members, plain promoter members and admins of other coalitions may not", async () => {
    const s = await createScenario(db);
    const other = await createScenario(db);
    const { programmeId } = await createProgramme(db, s.coalition.promoter.admin.actor, { coalitionId: s.coalition.coalitionId, fields: fields({ level: "pact" }) });
    const [entry] = await db.select().from(auditEntries).where(eq(auditEntries.entityId, programmeId));
    expect(entry.organisationId).toBe(s.coalition.promoter.organisationId);
    const plain = await addMember(db, s.coalition.promoter, "member");
    for (const actor of [s.lead.admin.actor, plain.actor, other.coalition.promoter.admin.actor]) {
      await expectAppError(createProgramme(db, actor, { coalitionId: s.coalition.coalitionId, fields: fields() }), "FORBIDDEN");
      await expectAppError(updateProgramme(db, actor, { programmeId, fields: fields() }), "FORBIDDEN");
    }
    // The global catalogue's keepers do not edit a coalition's entries.
    const admin = await createPlatformAdmin(db);
    await expectAppError(updateProgramme(db, admin.actor, { programmeId, fields: fields() }), "FORBIDDEN");
    // A named representative of the promoter may.
    const named = await addMember(db, s.coalition.promoter, "member", { representative: true });
    await updateProgramme(db, named.actor, { programmeId, fields: fields({ name: "Voucher del patto" }) });
    expect((await getProgramme(db, programmeId))?.programme.name).toBe("Voucher del patto");
    await expectAppError(createProgramme(db, s.coalition.promoter.admin.actor, { coalitionId: randomUUID(), fields: fields() }), "NOT_FOUND", "coalitionNotFound");
    await expectAppError(updateProgramme(db, named.actor, { programmeId: randomUUID(), fields: fields() }), "NOT_FOUND", "programmeNotFound");
  });

  it("promoters of the global catalogue are not; listManageableProgrammes and mayManageCatalogue follow the same rule", async () => {
    const s = await createScenario(db);
    const admin = await createPlatformAdmin(db);
    const { programmeId: global } = await createProgramme(db, admin.actor, { coalitionId: "", fields: fields() });
    const { programmeId: local } = await createProgramme(db, s.coalition.promoter.admin.actor, { coalitionId: s.coalition.coalitionId, fields: fields() });
    const promoterList = (await listManageableProgrammes(db, s.coalition.promoter.admin.actor)).map((p) => p.id);
    expect(promoterList).toContain(local);
    expect(promoterList).not.toContain(global);
    const adminList = (await listManageableProgrammes(db, admin.actor)).map((p) => p.id);
    expect(adminList).toContain(global);
    expect(adminList).not.toContain(local);
    expect(await listManageableProgrammes(db, s.lead.admin.actor)).toEqual([]);
    expect(await mayManageCatalogue(db, s.lead.admin.actor)).toBe(false);
    expect(await mayManageCatalogue(db, s.coalition.promoter.admin.actor)).toBe(true);
    expect(await mayManageCatalogue(db, admin.actor)).toBe(true);
    expect(await mayManageCatalogue(db, null)).toBe(false);
  });
});

describe("validation", () => {
  it.each<[string, Partial<ProgrammeFieldsInput>, string, string]>([
    ["no name", { name: " " }, "fields.name", "required"],
    ["name too long", { name: "x".repeat(201) }, "fields.name", "tooLong"],
    ["description too long", { description: "x".repeat(5001) }, "fields.description", "tooLong"],
    ["no authority", { authority: "" }, "fields.authority", "required"],
    ["javascript: URL", { officialUrl: "javascript:alert(1)" }, "fields.officialUrl", "urlInvalid"],
    ["ftp URL", { officialUrl: "ftp://example.org/x" }, "fields.officialUrl", "urlInvalid"],
    ["not a URL", { officialUrl: "www.regione.piemonte.it" }, "fields.officialUrl", "urlInvalid"],
    ["URL too long", { officialUrl: `https://example.org/${"a".repeat(500)}` }, "fields.officialUrl", "tooLong"],
    ["intensity above 100%", { maxIntensitySmall: "100,01" }, "fields.maxIntensitySmall", "percentInvalid"],
    ["intensity not a number", { maxIntensitySmall: "venti" }, "fields.maxIntensitySmall", "percentInvalid"],
    ["no intensity at all", { maxIntensityMicro: "", maxIntensitySmall: "0", maxIntensityMedium: "", maxIntensityLarge: "", maxIntensityOther: "" }, "fields.maxIntensitySmall", "programmeIntensityRequired"],
    ["amount above the ceiling", { maxAid: "1.000.000.000,01" }, "fields.maxAid", "amountTooLarge"],
    ["minimum above maximum", { minEligible: "600.000", maxEligible: "500.000" }, "fields.maxEligible", "programmeEligibleRange"],
    ["closes before opening", { opensAt: "2026-06-30T12:00", closesAt: "2026-01-01T09:00" }, "fields.closesAt", "programmeWindowOrder"],
    ["bad date", { closesAt: "30/06/2026" }, "fields.closesAt", "dateInvalid"],
    ["GBER without its article", { gberArticle: "" }, "fields.gberArticle", "programmeGberArticleRequired"],
    ["unknown region", { regions: ["42"] }, "fields.regions.0", "invalidInput"],
    ["unknown province", { provinces: ["999"] }, "fields.provinces.0", "invalidInput"],
    ["unknown kind", { applicantKinds: ["pirate"] as never }, "fields.applicantKinds.0", "invalidInput"],
    ["unknown ATECO section", { atecoSections: ["Z"] as never }, "fields.atecoSections.0", "invalidInput"],
    ["unknown solution type", { solutionTypes: ["blockchain"] as never }, "fields.solutionTypes.0", "invalidInput"],
  ])("%s is refused", async (_label, over, field, key) => {
    const admin = await createPlatformAdmin(db);
    const error = await expectAppError(createProgramme(db, admin.actor, { coalitionId: "", fields: fields(over) }), "VALIDATION");
    expect(error.fieldErrors?.[field]).toContain(key);
  });

  it("no programme is written when validation fails", async () => {
    const admin = await createPlatformAdmin(db);
    const name = `Rifiutato ${uniqueSuffix()}`;
    await expectAppError(createProgramme(db, admin.actor, { coalitionId: "", fields: fields({ name, officialUrl: "javascript:x" }) }), "VALIDATION");
    expect(await db.select().from(incentiveProgrammes).where(eq(incentiveProgrammes.name, name))).toEqual([]);
  });

  it("an update audits only what changed, before and after; marking funds exhausted keeps the first instant", async () => {
    const admin = await createPlatformAdmin(db);
    const { programmeId } = await createProgramme(db, admin.actor, { coalitionId: "", fields: fields({ name: "Sportello" }) });
    setClock(new Date("2026-03-01T10:00:00Z"));
    await updateProgramme(db, admin.actor, { programmeId, fields: fields({ name: "Sportello", fundsExhausted: true, maxIntensitySmall: "25" }) });
    setClock(new Date("2026-03-05T10:00:00Z"));
    await updateProgramme(db, admin.actor, { programmeId, fields: fields({ name: "Sportello", fundsExhausted: true, maxIntensitySmall: "25" }) });
    const p = (await getProgramme(db, programmeId))!.programme;
    expect(p.fundsExhaustedAt?.toISOString()).toBe("2026-03-01T10:00:00.000Z");
    expect(await auditActionsFor(db, programmeId)).toEqual(["incentive_programme.created", "incentive_programme.updated"]);
    const entries = await db.select().from(auditEntries).where(eq(auditEntries.entityId, programmeId));
    const update = entries.find((e) => e.action === "incentive_programme.updated")!;
    expect(update.data).toEqual({
      before: { maxIntensitySmallBp: 2000, fundsExhaustedAt: null },
      after: { maxIntensitySmallBp: 2500, fundsExhaustedAt: "2026-03-01T10:00:00.000Z" },
    });
    setClock(T0);
  });
});

describe("listPublicProgrammes", () => {
  it("filters in SQL and pages by keyset without gaps or repeats", async () => {
    const admin = await createPlatformAdmin(db);
    const tag = `Tag${uniqueSuffix()}`;
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const { programmeId } = await createProgramme(db, admin.actor, {
        coalitionId: "",
        fields: fields({ name: `${tag} ${i}`, closesAt: i === 4 ? "" : `2026-0${i + 3}-15T12:00` }),
      });
      ids.push(programmeId);
    }
    const params = programmeBrowseParamsSchema.parse({ q: tag });
    const first = await listPublicProgrammes(db, params, 2);
    expect(first.total).toBe(5);
    // Until funds run out first, then the latest deadline.
    expect(first.programmes.map((p) => p.name)).toEqual([`${tag} 4`, `${tag} 3`]);
    const second = await listPublicProgrammes(db, { ...params, after: first.next }, 2);
    expect(second.programmes.map((p) => p.name)).toEqual([`${tag} 2`, `${tag} 1`]);
    const third = await listPublicProgrammes(db, { ...params, after: second.next }, 2);
    expect(third.programmes.map((p) => p.name)).toEqual([`${tag} 0`]);
    expect(third.next).toBeUndefined();
    const back = await listPublicProgrammes(db, { ...params, before: third.previous }, 2);
    expect(back.programmes.map((p) => p.name)).toEqual([`${tag} 2`, `${tag} 1`]);

    setClock(new Date("2026-04-20T10:00:00Z"));
    const open = await listPublicProgrammes(db, programmeBrowseParamsSchema.parse({ q: tag, state: "open" }), 10);
    expect(open.programmes.map((p) => p.name).sort()).toEqual([`${tag} 2`, `${tag} 3`, `${tag} 4`]);
    const closed = await listPublicProgrammes(db, programmeBrowseParamsSchema.parse({ q: tag, state: "closed" }), 10);
    expect(closed.programmes.map((p) => p.name).sort()).toEqual([`${tag} 0`, `${tag} 1`]);
    setClock(T0);
    expect((await listPublicProgrammes(db, programmeBrowseParamsSchema.parse({ q: tag, size: "large" }), 10)).total).toBe(0);
    expect((await listPublicProgrammes(db, programmeBrowseParamsSchema.parse({ q: tag, size: "medium", region: "01", kind: "firm", theme: "erp" }), 10)).total).toBe(5);
    expect((await listPublicProgrammes(db, programmeBrowseParamsSchema.parse({ q: tag, region: "03" }), 10)).total).toBe(0);
    expect((await listPublicProgrammes(db, programmeBrowseParamsSchema.parse({ q: tag, kind: "university" }), 10)).total).toBe(0);
    expect((await listPublicProgrammes(db, programmeBrowseParamsSchema.parse({ q: tag, regime: "de_minimis" }), 10)).total).toBe(0);
    // LIKE wildcards in the search are taken literally.
    expect((await listPublicProgrammes(db, programmeBrowseParamsSchema.parse({ q: "%_%" }), 10)).total).toBe(0);
  });

  it("bad parameters are dropped, not errors", () => {
    expect(programmeBrowseParamsSchema.parse({ state: "nope", region: "Piemonte", after: "x", size: "giant" })).toEqual({});
  });
});

describe("getOrganisationRadar", () => {
  it("members see their organisation's radar with its proposals' solution types; others get NOT_FOUND", async () => {
    const s = await createScenario(db);
    const admin = await createPlatformAdmin(db);
    const { programmeId: erp } = await createProgramme(db, admin.actor, { coalitionId: "", fields: fields({ closesAt: "2026-12-31T12:00" }) });
    const { programmeId: cyber } = await createProgramme(db, admin.actor, { coalitionId: "", fields: fields({ solutionTypes: ["cybersecurity"], closesAt: "2026-12-31T12:00" }) });
    const proposalId = await newDraft(db, s);
    // The proposal's one save is tested with proposals; here only its solution type matters.
    await db.update(proposals).set({ solutionType: "erp" }).where(eq(proposals.id, proposalId));
    const r = await getOrganisationRadar(db, s.lead.admin.actor, s.lead.organisationId, 100_000_00);
    expect(r.represents).toBe(true);
    expect(r.solutionTypes).toEqual(["erp"]);
    expect(r.proposals.map((p) => p.id)).toContain(proposalId);
    const byId = new Map(r.entries.map((e) => [e.programme.id, e]));
    expect(byId.get(erp)).toMatchObject({ verdict: "fits", maxAidCents: 20_000_00 });
    expect(byId.get(cyber)?.reasons.map((x) => x.code)).toEqual(["solution"]);
    const plain = await addMember(db, s.lead, "member");
    expect((await getOrganisationRadar(db, plain.actor, s.lead.organisationId, null)).represents).toBe(false);
    await expectAppError(getOrganisationRadar(db, s.firm.admin.actor, s.lead.organisationId, null), "NOT_FOUND");
    await expectAppError(getOrganisationRadar(db, s.lead.admin.actor, "not-a-uuid", null), "NOT_FOUND");
    await expectAppError(getOrganisationRadar(db, null, s.lead.organisationId, null), "UNAUTHENTICATED");
  });
});
