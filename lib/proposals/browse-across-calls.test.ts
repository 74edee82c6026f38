import { eq } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { proposals } from "@/db/schema";
import { partnerBrowseParamsSchema } from "@/lib/calls/browse-params";
import { setClock } from "@/lib/clock";
import { testDb } from "@/test/db";
import { createOrganisation, uniqueSuffix } from "@/test/factories";
import { AFTER_SUBMISSION, completeDraft, createScenario, newDraft, T0, type Scenario } from "@/test/proposals";
import { listProposalsSeekingPartners } from "./browse-across-calls";

let db: Db;
let s: Scenario;
let seeking: string;
let quiet: string;
const word = `zq${uniqueSuffix().replace(/[^a-z0-9]/gi, "")}`;
const params = (q: Record<string, string> = {}) => partnerBrowseParamsSchema.parse({ coalition: s.coalition.slug, ...q });

beforeEach(() => setClock(T0));

beforeAll(async () => {
  db = await testDb();
  s = await createScenario(db);
  seeking = await newDraft(db, s);
  await completeDraft(db, s, seeking, 1);
  await db.update(proposals).set({ title: `Piattaforme condivise ${word}`, lookingForKinds: ["university"] }).where(eq(proposals.id, seeking));
  quiet = await newDraft(db, s);
});

describe("listProposalsSeekingPartners", () => {
  it("shows a draft seeking partners to a member university, with its call, and a way to ask", async () => {
    const { cards, total } = await listProposalsSeekingPartners(db, s.university.admin.actor, params());
    expect(cards.map((c) => c.id)).toEqual([seeking]);
    expect(total).toBe(1);
    expect(cards[0]).toMatchObject({ callId: s.callId, coalitionSlug: s.coalition.slug, organisations: [{ id: s.university.organisationId }] });
    // Only the card the lead published: no budget, no problem.
    expect(Object.keys(cards[0])).not.toContain("problem");
  });

  it("never shows a draft that does not seek partners", async () => {
    const { cards } = await listProposalsSeekingPartners(db, s.firm.admin.actor, params());
    expect(cards.map((c) => c.id)).not.toContain(quiet);
  });

  it("shows nothing to observers, outsiders or visitors (the per-call rules)", async () => {
    expect((await listProposalsSeekingPartners(db, s.observer.admin.actor, params())).cards).toEqual([]);
    const outsider = await createOrganisation(db, { verified: true });
    expect((await listProposalsSeekingPartners(db, outsider.admin.actor, params())).cards).toEqual([]);
    expect((await listProposalsSeekingPartners(db, null, params())).cards).toEqual([]);
  });

  it("shows nothing once the call no longer accepts proposals", async () => {
    setClock(AFTER_SUBMISSION);
    expect((await listProposalsSeekingPartners(db, s.university.admin.actor, params())).cards).toEqual([]);
  });

  it("filters by words (Italian stemming), theme and kind sought", async () => {
    const ids = async (q: Record<string, string>) => (await listProposalsSeekingPartners(db, s.university.admin.actor, params(q))).cards.map((c) => c.id);
    expect(await ids({ q: `piattaforma ${word}` })).toEqual([seeking]);
    expect(await ids({ q: "nessunaparolacosì" })).toEqual([]);
    expect(await ids({ theme: "erp" })).toEqual([seeking]);
    expect(await ids({ theme: "training" })).toEqual([]);
    expect(await ids({ kind: "university" })).toEqual([seeking]);
    expect(await ids({ kind: "bank" })).toEqual([]);
  });
});
