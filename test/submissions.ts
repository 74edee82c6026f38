import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { proposals } from "@/db/schema";
import { setClock } from "@/lib/clock";
import { submitProposal } from "@/lib/proposals/service";
import { addAcceptedPartner, completeDraft, createScenario, newDraft, saveBudgetPart, T0, type Scenario } from "./proposals";

async function version(db: Db, id: string) {
  const [row] = await db.select({ version: proposals.version }).from(proposals).where(eq(proposals.id, id));
  return row.version;
}

/**
 * A submitted proposal through the real services: lead 250k (120k co-financed), firm 50k,
 * university 100k; 280k requested. `beforeSubmit` runs on the complete draft (to add
 * attachments, say). The clock is left at the submission's moment.
 */
export async function submittedProposal(
  db: Db,
  options: { scenario?: Scenario; at?: Date; beforeSubmit?: (proposalId: string, s: Scenario) => Promise<void> } = {},
): Promise<{ s: Scenario; id: string; reference: string }> {
  const s = options.scenario ?? (await createScenario(db));
  setClock(T0);
  const id = await newDraft(db, s);
  await addAcceptedPartner(db, id, s.firm);
  await addAcceptedPartner(db, id, s.university);
  await completeDraft(db, s, id, await version(db, id), "280.000");
  const part = async (org: Scenario["lead"], amount: number, cofinancing: number) =>
    saveBudgetPart(db, org.admin.actor, {
      proposalId: id,
      version: await version(db, id),
      organisationId: org.organisationId,
      lines: [{ category: "services", description: "Lavori", amount: String(amount / 100) }],
      cofinancing: String(cofinancing / 100),
    });
  await part(s.lead, 250_000_00, 120_000_00);
  await part(s.firm, 50_000_00, 0);
  await part(s.university, 100_000_00, 0);
  await options.beforeSubmit?.(id, s);
  setClock(options.at ?? new Date("2026-01-20T14:15:16Z"));
  const { reference } = await submitProposal(db, s.lead.admin.actor, { proposalId: id });
  return { s, id, reference };
}
