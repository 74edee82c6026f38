import { and, eq, isNull } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { calls, documents, organisations, proposals, users } from "@/db/schema";
import { detectFileType } from "@/lib/documents/file-type";
import { listAttachmentRequirements } from "@/lib/documents/requirements";
import { checkProposal } from "@/lib/proposals/service";
import { testDb } from "@/test/db";
import { demoEnvelope, demoPdf } from "./attachments";
import { OPEN_CALL_TITLE } from "./calls";
import { demoOrganisation, seed } from "./index";

describe("demo attachments (issue 10)", () => {
  it("the generated files are a PDF and a CAdES-shaped envelope", () => {
    const pdf = demoPdf(["Allegato tecnico", "Caseificio Valle Sacra — è"]);
    expect(detectFileType(pdf)).toMatchObject({ kind: "pdf", signed: false });
    expect(detectFileType(demoEnvelope(pdf))).toMatchObject({ kind: "p7m", signed: true });
  });

  it("the open call requires an annex and a letter per partner; the proposals have them, but for the one the story leaves missing", async () => {
    const db = await testDb();
    await seed(db);
    const [call] = await db.select().from(calls).where(eq(calls.title, OPEN_CALL_TITLE));
    expect((await listAttachmentRequirements(db, call.id)).map((r) => [r.title, r.scope, r.allowedTypes])).toEqual([
      ["Allegato tecnico", "proposal", ["pdf"]],
      ["Lettera di intenti", "partner", ["pdf", "p7m"]],
    ]);
    const files = async (title: string) => {
      const [p] = await db.select().from(proposals).where(and(eq(proposals.callId, call.id), eq(proposals.title, title)));
      const rows = await db
        .select({ title: documents.title, org: organisations.legalName, signed: documents.signed })
        .from(documents)
        .innerJoin(organisations, eq(organisations.id, documents.organisationId))
        .where(and(eq(documents.proposalId, p.id), isNull(documents.replacedAt), isNull(documents.deletedAt)));
      return { proposal: p, rows };
    };
    const erp = await files("ERP condiviso per la meccanica canavesana");
    expect(erp.proposal.status).toBe("submitted");
    expect(erp.rows).toHaveLength(4);
    expect(erp.rows.filter((r) => r.signed).map((r) => r.org)).toEqual([demoOrganisation("universita").legalName]);

    const marketplace = await files("Marketplace B2B del distretto");
    expect(marketplace.rows).toHaveLength(3);
    const email = demoOrganisation("software-eporedia").people[0].email;
    const [u] = await db.select().from(users).where(eq(users.email, email));
    const problems = await checkProposal(db, { userId: u.id, email: u.email, name: u.name, isPlatformAdmin: false }, { proposalId: marketplace.proposal.id });
    expect(problems.filter((p) => p.field === "attachments")).toEqual([
      { field: "attachments", key: "proposalPartnerAttachmentMissing", values: { title: "Lettera di intenti", name: demoOrganisation("caseificio-valle-sacra").legalName } },
    ]);
    expect((await files("Piattaforma logistica e tracciabilità")).rows).toHaveLength(3);

    // A second run adds nothing.
    expect((await seed(db)).changes).toEqual([]);
  });
});
