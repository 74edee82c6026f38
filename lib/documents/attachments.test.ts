import { readFileSync } from "node:fs";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { documents, proposals } from "@/db/schema";
import { createCall, publishCall } from "@/lib/calls/service";
import { setClock } from "@/lib/clock";
import { checkProposal, saveBudgetPart, submitProposal } from "@/lib/proposals/service";
import { expectAppError } from "@/test/assert";
import { admitTestMember, createTestCoalition } from "@/test/coalitions";
import { auditActionsFor, countRows, testDb } from "@/test/db";
import { addMember } from "@/test/factories";
import { addAcceptedPartner, AFTER_SUBMISSION, completeDraft, newDraft, openCallInput, T0, type Scenario } from "@/test/proposals";
import { listProposalAttachments } from "./attachment-queries";
import { removeProposalAttachment, uploadProposalAttachment } from "./proposal-attachments";
import { addAttachmentRequirement, listAttachmentRequirements, removeAttachmentRequirement, updateAttachmentRequirement } from "./requirements";

let db: Db;
beforeAll(async () => {
  db = await testDb();
});

const fixture = (name: string, as = name) => new File([readFileSync(path.join(process.cwd(), "test/fixtures/files", name))], as);

type World = Scenario & { annexId: string; letterId: string; proposalId: string };

/** A draft call with two requirements (annex: PDF; letter: PDF or p7m, signed), published; a draft proposal meeting every other rule. */
async function world(): Promise<World> {
  setClock(T0);
  const coalition = await createTestCoalition(db);
  const lead = await admitTestMember(db, coalition, { input: { sizeClass: "small" } });
  const firm = await admitTestMember(db, coalition, { input: { sizeClass: "micro" } });
  const university = await admitTestMember(db, coalition, { input: { kind: "university", atecoCode: "", sizeClass: "" } });
  const observer = await admitTestMember(db, coalition, { role: "observer" });
  const promoter = coalition.promoter.admin.actor;
  const { callId } = await createCall(db, promoter, { coalitionId: coalition.coalitionId, ...openCallInput() });
  const { requirementId: annexId } = await addAttachmentRequirement(db, promoter, {
    callId,
    scope: "proposal",
    title: "Allegato tecnico",
    description: "Il progetto in dettaglio",
    allowedTypes: ["pdf"],
    signatureRequired: false,
  });
  const { requirementId: letterId } = await addAttachmentRequirement(db, promoter, {
    callId,
    scope: "partner",
    title: "Lettera di intenti",
    description: "",
    allowedTypes: ["pdf", "p7m"],
    signatureRequired: true,
  });
  await publishCall(db, promoter, { callId });
  const s: Scenario = { coalition, callId, lead, firm, university, observer };
  const proposalId = await newDraft(db, s);
  await addAcceptedPartner(db, proposalId, firm);
  await addAcceptedPartner(db, proposalId, university);
  const version = async () => (await db.select({ v: proposals.version }).from(proposals).where(eq(proposals.id, proposalId)))[0].v;
  await completeDraft(db, s, proposalId, await version());
  const parts: [typeof lead, string, string][] = [
    [lead, "200.000", "80.000"],
    [firm, "100.000", "40.000"],
    [university, "100.000", "0"],
  ];
  for (const [org, amount, cofinancing] of parts) {
    await saveBudgetPart(db, org.admin.actor, {
      proposalId,
      version: await version(),
      organisationId: org.organisationId,
      lines: [{ category: "software", description: "Voce", amount }],
      cofinancing,
    });
  }
  return { ...s, annexId, letterId, proposalId };
}

const keys = async (w: World) => (await checkProposal(db, w.lead.admin.actor, { proposalId: w.proposalId })).map((p) => p.key);

async function uploadAll(w: World) {
  await uploadProposalAttachment(db, w.lead.admin.actor, { proposalId: w.proposalId, requirementId: w.annexId, file: fixture("sample.pdf", "allegato.pdf") });
  for (const org of [w.firm, w.university]) {
    await uploadProposalAttachment(db, org.admin.actor, { proposalId: w.proposalId, requirementId: w.letterId, organisationId: org.organisationId, file: fixture("sample.pdf.p7m") });
  }
}

describe("attachment requirements", () => {
  it("a promoter declares them on a draft call (audited, in order); they are frozen once the call is published", async () => {
    setClock(T0);
    const coalition = await createTestCoalition(db);
    const member = await admitTestMember(db, coalition);
    const promoter = coalition.promoter.admin.actor;
    const { callId } = await createCall(db, promoter, { coalitionId: coalition.coalitionId, ...openCallInput() });
    const fields = { scope: "proposal", title: "Dichiarazione de minimis", description: "", allowedTypes: ["pdf", "p7m"], signatureRequired: true };
    const { requirementId } = await addAttachmentRequirement(db, promoter, { callId, ...fields });
    const { requirementId: second } = await addAttachmentRequirement(db, promoter, { callId, ...fields, scope: "partner", title: "Visura camerale" });
    await updateAttachmentRequirement(db, promoter, { requirementId, ...fields, title: "Autodichiarazione de minimis", allowedTypes: ["p7m"] });
    expect((await listAttachmentRequirements(db, callId)).map((r) => [r.title, r.scope, r.allowedTypes, r.signatureRequired])).toEqual([
      ["Autodichiarazione de minimis", "proposal", ["p7m"], true],
      ["Visura camerale", "partner", ["pdf", "p7m"], true],
    ]);
    await removeAttachmentRequirement(db, promoter, { requirementId: second });
    expect(await listAttachmentRequirements(db, callId)).toHaveLength(1);
    expect((await auditActionsFor(db, callId)).filter((a) => a.startsWith("call.attachment"))).toEqual([
      "call.attachment_requirement_added",
      "call.attachment_requirement_added",
      "call.attachment_requirement_updated",
      "call.attachment_requirement_removed",
    ]);

    await expectAppError(addAttachmentRequirement(db, member.admin.actor, { callId, ...fields }), "FORBIDDEN");
    await expectAppError(addAttachmentRequirement(db, promoter, { callId, ...fields, title: " " }), "VALIDATION");
    await expectAppError(addAttachmentRequirement(db, promoter, { callId, ...fields, allowedTypes: ["exe"] }), "VALIDATION");

    await publishCall(db, promoter, { callId });
    await expectAppError(addAttachmentRequirement(db, promoter, { callId, ...fields }), "INVALID_STATE", "attachmentRequirementsFrozen");
    await expectAppError(updateAttachmentRequirement(db, promoter, { requirementId, ...fields }), "INVALID_STATE", "attachmentRequirementsFrozen");
    await expectAppError(removeAttachmentRequirement(db, promoter, { requirementId }), "INVALID_STATE", "attachmentRequirementsFrozen");
    expect((await listAttachmentRequirements(db, callId)).map((r) => r.title)).toEqual(["Autodichiarazione de minimis"]);
  });
});

describe("proposal attachments", () => {
  it("who may upload: the lead its annex, each partner its own letter; not the lead for a partner, not another partner, firm or visitor", async () => {
    const w = await world();
    const annex = (file = fixture("sample.pdf")) => ({ proposalId: w.proposalId, requirementId: w.annexId, file });
    const letterOf = (org: { organisationId: string }) => ({ proposalId: w.proposalId, requirementId: w.letterId, organisationId: org.organisationId, file: fixture("sample.pdf.p7m") });
    const outsider = await admitTestMember(db, w.coalition);
    const plainMember = await addMember(db, w.firm, "member");
    const representative = await addMember(db, w.firm, "member", { representative: true });

    await expectAppError(uploadProposalAttachment(db, null, annex()), "UNAUTHENTICATED");
    await expectAppError(uploadProposalAttachment(db, outsider.admin.actor, annex()), "NOT_FOUND");
    await expectAppError(uploadProposalAttachment(db, outsider.admin.actor, letterOf(outsider)), "NOT_FOUND");
    await expectAppError(uploadProposalAttachment(db, w.coalition.promoter.admin.actor, annex()), "NOT_FOUND");
    await expectAppError(uploadProposalAttachment(db, w.firm.admin.actor, annex()), "FORBIDDEN");
    await expectAppError(uploadProposalAttachment(db, w.lead.admin.actor, letterOf(w.firm)), "FORBIDDEN");
    await expectAppError(uploadProposalAttachment(db, w.firm.admin.actor, letterOf(w.university)), "FORBIDDEN");
    await expectAppError(uploadProposalAttachment(db, plainMember.actor, letterOf(w.firm)), "FORBIDDEN");
    await expectAppError(uploadProposalAttachment(db, w.lead.admin.actor, letterOf(w.lead)), "NOT_FOUND");
    expect(await db.select().from(documents).where(eq(documents.proposalId, w.proposalId))).toEqual([]);

    await uploadProposalAttachment(db, w.lead.admin.actor, annex());
    await uploadProposalAttachment(db, representative.actor, letterOf(w.firm));
    await uploadProposalAttachment(db, w.university.admin.actor, letterOf(w.university));

    // Everyone involved sees every file; the lead sees the partners' letters but may not touch them.
    const view = await listProposalAttachments(db, w.lead.admin.actor, w.proposalId);
    expect(view!.requirements.map((r) => r.slots.map((s) => [s.organisationName, s.current?.fileName, s.canUpload]))).toEqual([
      [[expect.any(String), "sample.pdf", true]],
      expect.arrayContaining([
        [expect.any(String), "sample.pdf.p7m", false],
        [expect.any(String), "sample.pdf.p7m", false],
      ]),
    ]);
    expect(view!.requirements[1].slots.every((s) => s.current?.signed)).toBe(true);
    expect(await listProposalAttachments(db, outsider.admin.actor, w.proposalId)).toBeNull();
    expect(await listProposalAttachments(db, w.coalition.promoter.admin.actor, w.proposalId)).toBeNull();
  });

  it("refuses a type the requirement does not allow, an unsigned file where a signature is required, a disguised executable — and keeps nothing", async () => {
    const w = await world();
    const blobs = await countRows(db, "file_blobs");
    const docs = await countRows(db, "documents");
    const png = await expectAppError(
      uploadProposalAttachment(db, w.lead.admin.actor, { proposalId: w.proposalId, requirementId: w.annexId, file: fixture("sample.png", "allegato.pdf") }),
      "VALIDATION",
      "attachmentTypeNotAllowed",
    );
    expect(png.values).toEqual({ types: "PDF" });
    expect(png.fieldErrors).toEqual({ file: ["attachmentTypeNotAllowed"] });
    await expectAppError(
      uploadProposalAttachment(db, w.firm.admin.actor, { proposalId: w.proposalId, requirementId: w.letterId, organisationId: w.firm.organisationId, file: fixture("sample.pdf") }),
      "VALIDATION",
      "uploadSignatureRequired",
    );
    await expectAppError(
      uploadProposalAttachment(db, w.lead.admin.actor, { proposalId: w.proposalId, requirementId: w.annexId, file: fixture("executable.pdf") }),
      "VALIDATION",
      "uploadRefusedType",
    );
    await expectAppError(uploadProposalAttachment(db, w.lead.admin.actor, { proposalId: w.proposalId, requirementId: w.annexId }), "VALIDATION", "uploadMissing");
    expect(await countRows(db, "file_blobs")).toBe(blobs);
    expect(await countRows(db, "documents")).toBe(docs);
    // A PAdES-signed PDF is a signed file too.
    await uploadProposalAttachment(db, w.firm.admin.actor, { proposalId: w.proposalId, requirementId: w.letterId, organisationId: w.firm.organisationId, file: fixture("sample-pades.pdf") });
  });

  it("eligibility fails while a file is missing, naming it and the partner; passes once all are there; a replacement keeps the old version", async () => {
    const w = await world();
    expect(await keys(w)).toEqual(["proposalAttachmentMissing", "proposalPartnerAttachmentMissing", "proposalPartnerAttachmentMissing"]);
    const problems = await checkProposal(db, w.lead.admin.actor, { proposalId: w.proposalId });
    expect(problems.map((p) => p.values?.name).filter(Boolean).sort()).toEqual([w.firm.input.legalName, w.university.input.legalName].sort());
    await expectAppError(submitProposal(db, w.lead.admin.actor, { proposalId: w.proposalId }), "VALIDATION", "proposalNotEligible");

    await uploadAll(w);
    expect(await keys(w)).toEqual([]);

    // Replace, then remove and upload again: the old versions stay, replaced or removed.
    const { documentId: second, replaced } = await uploadProposalAttachment(db, w.lead.admin.actor, { proposalId: w.proposalId, requirementId: w.annexId, file: fixture("sample-pdfa.pdf", "v2.pdf") });
    expect(replaced).toBe(true);
    const series = await db.select().from(documents).where(and(eq(documents.proposalId, w.proposalId), eq(documents.requirementId, w.annexId)));
    expect(series.map((d) => [d.version, d.replacedAt !== null]).sort()).toEqual([
      [1, true],
      [2, false],
    ]);
    const view = await listProposalAttachments(db, w.lead.admin.actor, w.proposalId);
    expect(view!.requirements[0].slots[0].earlier.map((e) => e.version)).toEqual([1]);

    await expectAppError(removeProposalAttachment(db, w.firm.admin.actor, { documentId: second }), "FORBIDDEN");
    await removeProposalAttachment(db, w.lead.admin.actor, { documentId: second });
    expect(await keys(w)).toEqual(["proposalAttachmentMissing"]);
    await expectAppError(removeProposalAttachment(db, w.lead.admin.actor, { documentId: second }), "NOT_FOUND");
    await uploadProposalAttachment(db, w.lead.admin.actor, { proposalId: w.proposalId, requirementId: w.annexId, file: fixture("sample.pdf") });
    expect(await keys(w)).toEqual([]);
    expect((await auditActionsFor(db, w.proposalId)).filter((a) => a.startsWith("proposal.attachment"))).toEqual([
      "proposal.attachment_uploaded",
      "proposal.attachment_uploaded",
      "proposal.attachment_uploaded",
      "proposal.attachment_replaced",
      "proposal.attachment_removed",
      "proposal.attachment_uploaded",
    ]);

    await submitProposal(db, w.lead.admin.actor, { proposalId: w.proposalId });
    // Frozen after submission: no upload, replacement or removal.
    await expectAppError(
      uploadProposalAttachment(db, w.lead.admin.actor, { proposalId: w.proposalId, requirementId: w.annexId, file: fixture("sample.pdf") }),
      "INVALID_STATE",
      "attachmentsFrozen",
    );
    const [current] = await db.select().from(documents).where(and(eq(documents.proposalId, w.proposalId), eq(documents.organisationId, w.firm.organisationId)));
    await expectAppError(removeProposalAttachment(db, w.firm.admin.actor, { documentId: current.id }), "INVALID_STATE", "attachmentsFrozen");
    expect((await listProposalAttachments(db, w.firm.admin.actor, w.proposalId))!.editable).toBe(false);
  });

  it("a draft is frozen too once submission has closed", async () => {
    const w = await world();
    setClock(AFTER_SUBMISSION);
    await expectAppError(
      uploadProposalAttachment(db, w.lead.admin.actor, { proposalId: w.proposalId, requirementId: w.annexId, file: fixture("sample.pdf") }),
      "INVALID_STATE",
      "attachmentsFrozen",
    );
    setClock(T0);
  });
});
