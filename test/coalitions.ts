import type { Db } from "@/db/client";
import { createCoalition, decideJoinRequest, requestToJoinCoalition } from "@/lib/coalitions/service";
import { createOrganisation, type TestOrganisation } from "./factories";

export const IVREA = "001125";

export type TestCoalition = { coalitionId: string; slug: string; promoter: TestOrganisation };

/** A verified public body and the coalition it promotes, through the real services. */
export async function createTestCoalition(db: Db): Promise<TestCoalition> {
  const promoter = await createOrganisation(db, {
    verified: true,
    input: { kind: "public_body", codiceIpa: `c_${Math.floor(Math.random() * 1e6)}`, atecoCode: "", sizeClass: "" },
  });
  const { coalitionId, slug } = await createCoalition(db, promoter.admin.actor, {
    promoterOrganisationId: promoter.organisationId,
    name: `Patto di prova ${Date.now()}`,
    description: "",
    territory: [IVREA],
  });
  return { coalitionId, slug, promoter };
}

/** A verified organisation admitted to the coalition with this role and weight (request, then acceptance). */
export async function admitTestMember(
  db: Db,
  coalition: TestCoalition,
  options: { role?: "promoter" | "member" | "observer"; weight?: number; input?: NonNullable<Parameters<typeof createOrganisation>[1]>["input"] } = {},
): Promise<TestOrganisation> {
  const org = await createOrganisation(db, { verified: true, input: options.input });
  const { requestId } = await requestToJoinCoalition(db, org.admin.actor, {
    coalitionId: coalition.coalitionId,
    organisationId: org.organisationId,
    motivation: "Vogliamo partecipare",
  });
  await decideJoinRequest(db, coalition.promoter.admin.actor, {
    requestId,
    decision: "accept",
    role: options.role ?? "member",
    weight: options.weight ?? 1,
  });
  return org;
}
