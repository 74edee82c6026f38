import fs from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { OPEN_CALL_TITLE, PAST_CALL_TITLE } from "../../db/seed/calls";
import { MUNICIPALITY } from "../../db/seed/data";
import { DEMO_QUESTIONS } from "../../db/seed/faq";
import { SECOND_MEETING_TITLE, UPCOMING_MEETING_TITLE } from "../../db/seed/meetings";
import { FESR_NAME, VOUCHER_NAME } from "../../db/seed/incentives";
import { COUNTING_CALL_TITLE, REVIEW_CALL_TITLE, VOTING_CALL_TITLE } from "../../db/seed/voting-data";
import {
  BASE_URL,
  callAction,
  databaseUrl,
  distDir,
  expectOk,
  expectRefused,
  NEEDS_DATABASE,
  Personas,
  proposalVersion,
  readDb,
  romeLocal,
  callFormFields,
  seedIds,
  serverActions,
  stateFingerprint,
  WHO,
  type SeedIds,
} from "./helpers";
import { randomPartitaIva } from "../helpers";

/**
 * Every server action is a public POST endpoint (STYLE rule 1). Each one is called
 * directly, with inputs that pass validation, by the visitor without a session and by
 * people who must not do it: another organisation, another coalition, a member who is
 * not an admin, the platform admin outside their remit, and with another firm's ids.
 * Each must be a typed refusal, and the whole database must be unchanged afterwards.
 */

test.skip(!databaseUrl(), NEEDS_DATABASE);
// Signed-in request contexts live for the whole file; a per-test trace would close them.
test.use({ trace: "off" });

/** Rows made by the rightful people before the attacks, so every action has a real target. */
type Fixtures = {
  /** A second coalition, promoted by the Comune di Ivrea. */
  otherCoalitionId: string;
  /** A draft call of that coalition. */
  otherDraftCallId: string;
  /** Stampi Chiusella's pending request to join it. */
  joinRequestId: string;
  /** Its pending invitation to Elettronica Canavesana. */
  coalitionInvitationId: string;
  /** A draft of Meccanica Dora in the open call, with a pending invitation to the university. */
  draftId: string;
  /** Meccanica Dora's pending invitation of a new colleague (the raw token of its link). */
  memberInvitationToken: string;
  /** Meccanica Dora's planned application to the de minimis voucher (version 1). */
  applicationId: string;
  /** De minimis aid Meccanica Dora declared. */
  declaredAidId: string;
};

type Ctx = { ids: SeedIds; fx: Fixtures; version: (proposalId: string) => Promise<number> };

type Case = {
  title: string;
  action: string;
  input: (ctx: Ctx) => unknown | Promise<unknown>;
  /** People refused besides the visitor without a session (always tried). */
  refused: string[];
  /** The codes their refusals may carry: FORBIDDEN or NOT_FOUND unless said otherwise. */
  codes?: readonly string[];
};

const personas = new Personas();
let ctx: Ctx;

const callFields = () => callFormFields("Bando dell'attaccante", "Un bando che nessuno ha chiesto.");

const MARKETPLACE = "Marketplace B2B del distretto";
const ERP = "ERP condiviso per la meccanica canavesana";
const VETRINA = "Vetrina comune delle botteghe di Ivrea";
const SOC = "SOC condiviso per le imprese del distretto";

/** The id of one of the seed's FAQ questions (DEMO_QUESTIONS: 0 and 1 published, 2 waiting). */
async function seededQuestionId(index: number): Promise<string> {
  const [row] = await readDb((query) => query<{ id: string }>("select id from call_questions where question = $1", [DEMO_QUESTIONS[index].question]));
  if (!row) throw new Error("The seed's FAQ questions are missing");
  return row.id;
}

/** The current call text of a call (db/seed/documents.ts attaches the open call's). */
async function callTextId(callId: string): Promise<string> {
  const [row] = await readDb((query) =>
    query<{ id: string }>("select id from documents where call_id = $1 and kind = 'call_text' and replaced_at is null and deleted_at is null order by created_at limit 1", [callId]),
  );
  if (!row) throw new Error("The seed's call text is missing");
  return row.id;
}

/** A required attachment of the open call by title (db/seed/attachments.ts). */
async function requirementId(title: string): Promise<string> {
  const [row] = await readDb((query) => query<{ id: string }>("select id from call_attachment_requirements where title = $1 order by created_at limit 1", [title]));
  if (!row) throw new Error(`No required attachment "${title}" in the seed`);
  return row.id;
}

/** The current file of a proposal for a requirement, uploaded for one organisation. */
async function attachmentId(proposalId: string, requirement: string, organisationId: string): Promise<string> {
  const [row] = await readDb((query) =>
    query<{ id: string }>(
      "select d.id from documents d join call_attachment_requirements r on r.id = d.requirement_id where d.proposal_id = $1 and r.title = $2 and d.organisation_id = $3 and d.replaced_at is null and d.deleted_at is null",
      [proposalId, requirement, organisationId],
    ),
  );
  if (!row) throw new Error(`No "${requirement}" file in the seed`);
  return row.id;
}

const criterionFields = { name: "Criterio dell'attaccante", description: "", maxPoints: 10 };

/** The first evaluation criterion of the past call (db/seed/evaluation.ts). */
async function criterionId(ids: SeedIds): Promise<string> {
  const [row] = await readDb((query) => query<{ id: string }>("select id from call_criteria where call_id = $1 order by position limit 1", [ids.call(PAST_CALL_TITLE)]));
  if (!row) throw new Error("The past call has no evaluation criteria in the seed");
  return row.id;
}

const requirementFields = { scope: "proposal", title: "Allegato dell'attaccante", description: "", allowedTypes: ["pdf"], signatureRequired: false };

/** An appraised proposal of the past call, and an evaluator of its committee when the seed has one (else an id that matches nothing). */
async function pastCallTargets(ids: SeedIds): Promise<{ callId: string; proposalId: string; evaluatorId: string }> {
  const callId = ids.call(PAST_CALL_TITLE);
  const [proposal] = await readDb((query) => query<{ id: string }>("select id from proposals where call_id = $1 and status in ('admissible', 'selected', 'not_selected') order by reference limit 1", [callId]));
  if (!proposal) throw new Error("The past call has no appraised proposal in the seed");
  const [evaluator] = await readDb((query) => query<{ id: string }>("select id from call_evaluators where call_id = $1 and removed_at is null order by appointed_at limit 1", [callId]));
  return { callId, proposalId: proposal.id, evaluatorId: evaluator?.id ?? "00000000-0000-4000-8000-00000000e7a1" };
}

/** People never on any committee of the seed: outside the coalition, waiting for verification, the platform admin. */
const NOT_EVALUATORS = [WHO.outsider, WHO.pending, WHO.platformAdmin];
const NOT_PROMOTERS = [WHO.promoterMember, WHO.ivreaAdmin, WHO.meccanicaAdmin, WHO.outsider, WHO.platformAdmin];
const SOME_ID = "00000000-0000-4000-8000-00000000c0de";

/** The table: action × who must be refused. The visitor without a session is added to every row. */
const CASES: Case[] = [
  // ---------------------------------------------------------------- evaluation committee (promoters appoint; evaluators score; the chair consolidates)
  {
    title: "appoint an evaluator to the past call's committee",
    action: "appointEvaluatorAction",
    input: async ({ ids }) => {
      const [user] = await readDb((query) => query<{ id: string }>("select id from users where email = $1", [WHO.universityMember]));
      return { callId: ids.call(PAST_CALL_TITLE), userId: user.id, organisationId: ids.org("universita"), role: "member" };
    },
    refused: NOT_PROMOTERS,
  },
  {
    title: "invite an outside expert to the past call's committee",
    action: "inviteExpertAction",
    input: ({ ids }) => ({ callId: ids.call(PAST_CALL_TITLE), name: "Esperto dell'attaccante", email: "esperto@example.org", role: "member" }),
    refused: NOT_PROMOTERS,
  },
  {
    title: "remove an evaluator of the past call",
    action: "removeEvaluatorAction",
    input: async ({ ids }) => ({ evaluatorId: (await pastCallTargets(ids)).evaluatorId }),
    refused: NOT_PROMOTERS,
  },
  {
    title: "make an evaluator of the past call its chair",
    action: "setEvaluationChairAction",
    input: async ({ ids }) => ({ evaluatorId: (await pastCallTargets(ids)).evaluatorId }),
    refused: NOT_PROMOTERS,
  },
  {
    title: "accept an evaluation invitation with a token that does not exist",
    action: "acceptEvaluationInvitationAction",
    input: () => ({ token: "Zm9yZ2VkLXRva2VuLXRoYXQtZG9lcy1ub3QtZXhpc3Q" }),
    refused: [WHO.outsider, WHO.meccanicaAdmin],
  },
  {
    title: "declare on a proposal of a committee one is not on",
    action: "declareConflictAction",
    input: async ({ ids }) => {
      const t = await pastCallTargets(ids);
      return { callId: t.callId, proposalId: t.proposalId, conflict: false };
    },
    refused: NOT_EVALUATORS,
  },
  {
    title: "save scores on a committee one is not on",
    action: "saveEvaluationScoresAction",
    input: async ({ ids }) => {
      const t = await pastCallTargets(ids);
      return { callId: t.callId, proposalId: t.proposalId, scores: [] };
    },
    refused: NOT_EVALUATORS,
  },
  {
    title: "submit scores on a committee one is not on",
    action: "submitEvaluationReviewAction",
    input: async ({ ids }) => {
      const t = await pastCallTargets(ids);
      return { callId: t.callId, proposalId: t.proposalId, scores: [{ criterionId: SOME_ID, points: 1, justification: "Punteggio dell'attaccante" }] };
    },
    refused: NOT_EVALUATORS,
  },
  {
    title: "consolidate the scores of a committee one does not chair",
    action: "consolidateScoresAction",
    input: async ({ ids }) => {
      const t = await pastCallTargets(ids);
      return { callId: t.callId, proposalId: t.proposalId, scores: [{ criterionId: SOME_ID, points: 1, justification: "Consolidato dall'attaccante" }] };
    },
    refused: [...NOT_EVALUATORS, WHO.promoterMember],
  },
  {
    title: "approve the appraisal of a committee one does not chair",
    action: "approveEvaluationAction",
    input: ({ ids }) => ({ callId: ids.call(PAST_CALL_TITLE) }),
    refused: [...NOT_EVALUATORS, WHO.promoterMember],
  },
  // ---------------------------------------------------------------- calls (promoters of the call's coalition)
  {
    title: "create a call in the demo coalition",
    action: "createCallAction",
    input: ({ ids }) => ({ coalitionId: ids.coalitionId, ...callFields() }),
    refused: [WHO.meccanicaAdmin, WHO.meccanicaMember, WHO.universityAdmin, WHO.observer, WHO.outsider, WHO.pending, WHO.platformAdmin, WHO.ivreaAdmin],
  },
  {
    title: "change another coalition's draft call",
    action: "updateCallAction",
    input: ({ fx }) => ({ callId: fx.otherDraftCallId, ...callFields() }),
    refused: [WHO.promoter, WHO.meccanicaAdmin, WHO.outsider, WHO.platformAdmin],
  },
  {
    title: "publish another coalition's draft call",
    action: "publishCallAction",
    input: ({ fx }) => ({ callId: fx.otherDraftCallId }),
    refused: [WHO.promoter, WHO.meccanicaAdmin, WHO.outsider, WHO.platformAdmin],
  },
  {
    title: "delete another coalition's draft call",
    action: "deleteDraftCallAction",
    input: ({ fx }) => ({ callId: fx.otherDraftCallId }),
    refused: [WHO.promoter, WHO.meccanicaAdmin, WHO.outsider, WHO.platformAdmin],
  },
  {
    title: "delete a published call",
    action: "deleteDraftCallAction",
    input: ({ ids }) => ({ callId: ids.call(OPEN_CALL_TITLE) }),
    refused: [WHO.promoter, WHO.promoterMember, WHO.meccanicaAdmin, WHO.outsider, WHO.platformAdmin],
    codes: ["FORBIDDEN", "NOT_FOUND", "INVALID_STATE"],
  },
  {
    title: "extend the open call's deadline",
    action: "extendSubmissionDeadlineAction",
    input: ({ ids }) => ({ callId: ids.call(OPEN_CALL_TITLE), submissionClosesAt: romeLocal(22, "18:00"), reason: "Più tempo per i nostri amici." }),
    refused: [WHO.ivreaAdmin, WHO.meccanicaAdmin, WHO.universityAdmin, WHO.observer, WHO.outsider, WHO.platformAdmin],
  },
  {
    title: "archive the past call",
    action: "archiveCallAction",
    input: ({ ids }) => ({ callId: ids.call(PAST_CALL_TITLE) }),
    refused: [WHO.ivreaAdmin, WHO.meccanicaAdmin, WHO.outsider, WHO.platformAdmin],
  },
  // ---------------------------------------------------------------- coalitions
  {
    title: "create a coalition promoted by someone else's public body",
    action: "createCoalitionAction",
    input: ({ ids }) => ({ promoterOrganisationId: ids.org("cmto"), name: "Patto usurpato", description: "", territory: [MUNICIPALITY.ivrea] }),
    refused: [WHO.ivreaAdmin, WHO.meccanicaAdmin, WHO.outsider],
  },
  {
    title: "create a coalition promoted by a firm",
    action: "createCoalitionAction",
    input: ({ ids }) => ({ promoterOrganisationId: ids.org("meccanica-dora"), name: "Patto di un'impresa", description: "", territory: [MUNICIPALITY.ivrea] }),
    refused: [WHO.meccanicaAdmin],
  },
  {
    title: "create a coalition promoted by an organisation not yet verified",
    action: "createCoalitionAction",
    input: ({ ids }) => ({ promoterOrganisationId: ids.org("consulenza-chivassese"), name: "Patto in attesa", description: "", territory: [MUNICIPALITY.chivasso] }),
    refused: [WHO.pending],
  },
  {
    title: "invite an organisation into the demo coalition",
    action: "inviteOrganisationToCoalitionAction",
    input: ({ ids }) => ({ coalitionId: ids.coalitionId, organisationId: ids.org("stampi-chiusella"), role: "promoter", weight: 1000 }),
    refused: [WHO.ivreaAdmin, WHO.meccanicaAdmin, WHO.outsider, WHO.observer, WHO.platformAdmin],
  },
  {
    title: "ask to join for another firm",
    action: "requestToJoinCoalitionAction",
    input: ({ ids }) => ({ coalitionId: ids.coalitionId, organisationId: ids.org("stampi-chiusella"), motivation: "A nome di un'altra impresa." }),
    refused: [WHO.meccanicaAdmin, WHO.promoter, WHO.platformAdmin],
  },
  {
    title: "admit a pending join request of another coalition (or one's own)",
    action: "decideJoinRequestAction",
    input: ({ fx }) => ({ requestId: fx.joinRequestId, decision: "accept", role: "promoter", weight: 1000 }),
    refused: [WHO.promoter, WHO.outsider, WHO.meccanicaAdmin, WHO.platformAdmin],
  },
  {
    title: "answer a coalition invitation addressed to another organisation",
    action: "respondToCoalitionInvitationAction",
    input: ({ fx }) => ({ requestId: fx.coalitionInvitationId, decision: "accept" }),
    refused: [WHO.meccanicaAdmin, WHO.outsider, WHO.ivreaAdmin, WHO.promoter, WHO.platformAdmin],
  },
  {
    title: "make one's own firm a promoter with a huge weight",
    action: "setCoalitionMemberAction",
    input: ({ ids }) => ({ coalitionId: ids.coalitionId, organisationId: ids.org("meccanica-dora"), role: "promoter", weight: 1000 }),
    refused: [WHO.meccanicaAdmin, WHO.ivreaAdmin, WHO.observer, WHO.outsider, WHO.platformAdmin],
  },
  {
    title: "remove a member of the demo coalition",
    action: "removeCoalitionMemberAction",
    input: ({ ids }) => ({ coalitionId: ids.coalitionId, organisationId: ids.org("software-eporedia"), reason: "Concorrente scomodo." }),
    refused: [WHO.meccanicaAdmin, WHO.ivreaAdmin, WHO.outsider, WHO.platformAdmin],
  },
  {
    title: "take another firm out of the coalition",
    action: "leaveCoalitionAction",
    input: ({ ids }) => ({ coalitionId: ids.coalitionId, organisationId: ids.org("software-eporedia") }),
    refused: [WHO.meccanicaAdmin, WHO.softwareMember, WHO.promoter, WHO.platformAdmin],
  },
  // ---------------------------------------------------------------- organisations
  {
    title: "register an organisation",
    action: "createOrganisationAction",
    input: () => ({
      kind: "firm",
      legalName: "Impresa fantasma S.r.l.",
      partitaIva: randomPartitaIva(),
      codiceFiscale: "",
      codiceIpa: "",
      atecoCode: "62.01.00",
      sizeClass: "micro",
      municipalityCode: MUNICIPALITY.ivrea,
    }),
    refused: [],
  },
  {
    title: "verify an organisation (platform admin only)",
    action: "verifyOrganisationAction",
    input: ({ ids }) => ({ organisationId: ids.org("consulenza-chivassese") }),
    refused: [WHO.pending, WHO.promoter, WHO.meccanicaAdmin],
  },
  {
    title: "reject an organisation (platform admin only)",
    action: "rejectOrganisationAction",
    input: ({ ids }) => ({ organisationId: ids.org("consulenza-chivassese"), reason: "Non mi piace." }),
    refused: [WHO.pending, WHO.promoter, WHO.meccanicaAdmin],
  },
  {
    title: "invite an admin into Meccanica Dora",
    action: "inviteMemberAction",
    input: ({ ids }) => ({ organisationId: ids.org("meccanica-dora"), email: "intruso@example.org", role: "admin" }),
    refused: [WHO.meccanicaMember, WHO.softwareAdmin, WHO.outsider, WHO.promoter, WHO.platformAdmin],
  },
  {
    title: "accept an invitation sent to someone else's e-mail",
    action: "acceptInvitationAction",
    input: ({ fx }) => ({ token: fx.memberInvitationToken }),
    refused: [WHO.meccanicaMember, WHO.outsider, WHO.softwareAdmin],
  },
  {
    title: "promote oneself to admin",
    action: "changeMemberRoleAction",
    input: ({ ids }) => ({ organisationId: ids.org("meccanica-dora"), userId: ids.user(WHO.meccanicaMember), role: "admin" }),
    refused: [WHO.meccanicaMember, WHO.softwareAdmin, WHO.promoter, WHO.platformAdmin],
  },
  {
    title: "change a role in another firm (IDOR)",
    action: "changeMemberRoleAction",
    input: ({ ids }) => ({ organisationId: ids.org("software-eporedia"), userId: ids.user(WHO.softwareMember), role: "admin" }),
    refused: [WHO.meccanicaAdmin, WHO.softwareMember],
  },
  {
    title: "remove the admin of Meccanica Dora",
    action: "removeMemberAction",
    input: ({ ids }) => ({ organisationId: ids.org("meccanica-dora"), userId: ids.user(WHO.meccanicaAdmin) }),
    refused: [WHO.meccanicaMember, WHO.softwareAdmin, WHO.outsider, WHO.platformAdmin],
  },
  {
    title: "remove a person from another firm (IDOR)",
    action: "removeMemberAction",
    input: ({ ids }) => ({ organisationId: ids.org("software-eporedia"), userId: ids.user(WHO.softwareMember) }),
    refused: [WHO.meccanicaAdmin],
  },
  {
    title: "name oneself a representative",
    action: "setRepresentativeAction",
    input: ({ ids }) => ({ organisationId: ids.org("meccanica-dora"), userId: ids.user(WHO.meccanicaMember), isRepresentative: true }),
    refused: [WHO.meccanicaMember, WHO.softwareAdmin, WHO.promoter, WHO.platformAdmin],
  },
  {
    title: "name a representative of another firm (IDOR)",
    action: "setRepresentativeAction",
    input: ({ ids }) => ({ organisationId: ids.org("software-eporedia"), userId: ids.user(WHO.softwareMember), isRepresentative: true }),
    refused: [WHO.meccanicaAdmin, WHO.softwareMember],
  },
  // ---------------------------------------------------------------- people and sessions
  {
    title: "change the password of the session's owner without knowing it",
    action: "changePasswordAction",
    input: () => ({ currentPassword: "not-the-password", newPassword: "Attaccante-2026!", confirmPassword: "Attaccante-2026!" }),
    refused: [WHO.meccanicaMember],
    codes: ["VALIDATION"],
  },
  {
    title: "end one's own sessions",
    action: "endOwnSessionsAction",
    input: () => undefined,
    refused: [],
  },
  {
    title: "send oneself the e-mail verification link again",
    action: "resendVerificationAction",
    input: () => undefined,
    refused: [],
  },
  {
    title: "end another person's sessions (platform admin only)",
    action: "endUserSessionsAction",
    input: () => ({ email: WHO.promoter }),
    refused: [WHO.promoter, WHO.meccanicaAdmin, WHO.outsider],
  },
  // ---------------------------------------------------------------- proposals
  {
    title: "start a proposal led by another firm",
    action: "createProposalAction",
    input: ({ ids }) => ({ callId: ids.call(OPEN_CALL_TITLE), leadOrganisationId: ids.org("meccanica-dora"), title: "Proposta a nome d'altri" }),
    refused: [WHO.meccanicaMember, WHO.softwareAdmin, WHO.outsider, WHO.promoter],
  },
  {
    title: "start a proposal as an observer or an outsider",
    action: "createProposalAction",
    input: ({ ids }) => ({ callId: ids.call(OPEN_CALL_TITLE), leadOrganisationId: ids.org("albergo-castello"), title: "Proposta di un osservatore" }),
    refused: [WHO.observer],
  },
  {
    title: "start a proposal for a firm outside the coalition",
    action: "createProposalAction",
    input: ({ ids }) => ({ callId: ids.call(OPEN_CALL_TITLE), leadOrganisationId: ids.org("stampi-chiusella"), title: "Proposta da fuori" }),
    refused: [WHO.outsider],
  },
  {
    title: "rewrite another lead's draft",
    action: "saveProposalAction",
    input: async ({ ids, version }) => ({
      proposalId: ids.proposal(MARKETPLACE),
      version: await version(ids.proposal(MARKETPLACE)),
      details: {
        title: "Titolo riscritto",
        summary: "",
        problem: "",
        solutionType: "",
        objectives: "",
        indicators: [],
        milestones: [],
        durationMonths: "",
        sectors: [],
        lookingForKinds: [],
      },
      requested: "1",
      parts: [],
    }),
    refused: [WHO.cciaaAdmin, WHO.meccanicaAdmin, WHO.softwareMember, WHO.outsider, WHO.promoter, WHO.platformAdmin],
  },
  {
    title: "save another partner's budget part",
    action: "saveProposalAction",
    input: async ({ ids, version }) => ({
      proposalId: ids.proposal(MARKETPLACE),
      version: await version(ids.proposal(MARKETPLACE)),
      parts: [{ organisationId: ids.org("software-eporedia"), lines: [{ category: "other", description: "Voce gonfiata", amount: "999.999" }], cofinancing: "0" }],
    }),
    refused: [WHO.cciaaAdmin, WHO.elettronicaAdmin, WHO.meccanicaAdmin, WHO.softwareMember, WHO.promoter],
  },
  {
    title: "submit another lead's draft",
    action: "submitProposalAction",
    input: ({ ids }) => ({ proposalId: ids.proposal(MARKETPLACE) }),
    refused: [WHO.cciaaAdmin, WHO.meccanicaAdmin, WHO.softwareMember, WHO.promoter],
  },
  {
    title: "withdraw another lead's submitted proposal",
    action: "withdrawProposalAction",
    input: ({ ids }) => ({ proposalId: ids.proposal(ERP), reason: "Ritirata da un concorrente." }),
    refused: [WHO.softwareAdmin, WHO.meccanicaMember, WHO.promoter, WHO.outsider, WHO.platformAdmin],
  },
  // ---------------------------------------------------------------- partnerships
  {
    title: "invite a partner into another lead's draft",
    action: "invitePartnerAction",
    input: ({ ids }) => ({ proposalId: ids.proposal(MARKETPLACE), organisationId: ids.org("universita"), roleDescription: "Ci invitiamo da soli." }),
    refused: [WHO.cciaaAdmin, WHO.meccanicaAdmin, WHO.universityAdmin, WHO.promoter],
  },
  {
    title: "ask to join a draft for another organisation (IDOR)",
    action: "requestToJoinProposalAction",
    input: ({ ids }) => ({ proposalId: ids.proposal(MARKETPLACE), organisationId: ids.org("universita"), message: "A nome dell'università.", contribution: "" }),
    refused: [WHO.meccanicaAdmin, WHO.universityMember, WHO.promoter],
  },
  {
    title: "ask to join a draft from outside the coalition",
    action: "requestToJoinProposalAction",
    input: ({ ids }) => ({ proposalId: ids.proposal(MARKETPLACE), organisationId: ids.org("stampi-chiusella"), message: "Fateci entrare.", contribution: "" }),
    refused: [WHO.outsider],
  },
  {
    title: "ask to join a draft as an observer",
    action: "requestToJoinProposalAction",
    input: ({ ids }) => ({ proposalId: ids.proposal(MARKETPLACE), organisationId: ids.org("albergo-castello"), message: "Osserviamo da vicino.", contribution: "" }),
    refused: [WHO.observer],
  },
  {
    title: "decide a join request of another lead's draft",
    action: "decidePartnerRequestAction",
    input: ({ ids }) => ({ proposalId: ids.proposal(MARKETPLACE), organisationId: ids.org("caseificio-valle-sacra"), decision: "decline" }),
    refused: [WHO.caseificioAdmin, WHO.cciaaAdmin, WHO.meccanicaAdmin, WHO.promoter],
  },
  {
    title: "answer a partner invitation addressed to another organisation",
    action: "respondToPartnerInvitationAction",
    input: ({ ids, fx }) => ({ proposalId: fx.draftId, organisationId: ids.org("universita"), decision: "accept" }),
    refused: [WHO.universityMember, WHO.meccanicaAdmin, WHO.softwareAdmin, WHO.outsider, WHO.promoter],
  },
  {
    title: "remove a partner from another lead's draft",
    action: "removePartnerAction",
    input: ({ ids, fx }) => ({ proposalId: fx.draftId, organisationId: ids.org("universita") }),
    refused: [WHO.universityAdmin, WHO.meccanicaMember, WHO.cciaaAdmin, WHO.promoter],
  },
  {
    title: "mark a proposal admissible without being a promoter",
    action: "markAdmissibilityAction",
    input: ({ ids }) => ({ proposalId: ids.proposal(VETRINA), admissible: true }),
    refused: [WHO.softwareAdmin, WHO.ivreaAdmin, WHO.meccanicaAdmin, WHO.outsider, WHO.platformAdmin],
  },
  // ---------------------------------------------------------------- call documents (the call's promoters attach, replace, delete on drafts)
  {
    title: "attach a document to another coalition's draft call",
    action: "addCallDocumentAction",
    input: ({ fx }) => ({ callId: fx.otherDraftCallId, kind: "call_annex", title: "Allegato dell'attaccante", reason: "" }),
    refused: [WHO.promoter, WHO.meccanicaAdmin, WHO.outsider, WHO.platformAdmin],
  },
  {
    title: "attach a document to a published call without being its promoter",
    action: "addCallDocumentAction",
    input: ({ ids }) => ({ callId: ids.call(OPEN_CALL_TITLE), kind: "call_annex", title: "Allegato dell'attaccante", reason: "Un motivo lungo abbastanza" }),
    refused: [WHO.promoterMember, WHO.ivreaAdmin, WHO.meccanicaAdmin, WHO.outsider, WHO.platformAdmin],
  },
  {
    title: "replace a published call's text without being its promoter",
    action: "replaceCallDocumentAction",
    input: async ({ ids }) => ({ documentId: await callTextId(ids.call(OPEN_CALL_TITLE)), reason: "Un motivo lungo abbastanza" }),
    refused: [WHO.promoterMember, WHO.ivreaAdmin, WHO.meccanicaAdmin, WHO.outsider, WHO.platformAdmin],
  },
  {
    title: "delete a published call's text (never, not even its promoter)",
    action: "deleteCallDocumentAction",
    input: async ({ ids }) => ({ documentId: await callTextId(ids.call(OPEN_CALL_TITLE)) }),
    refused: [WHO.promoter, WHO.promoterMember, WHO.meccanicaAdmin, WHO.outsider, WHO.platformAdmin],
    codes: ["FORBIDDEN", "NOT_FOUND", "INVALID_STATE"],
  },
  // ---------------------------------------------------------------- evaluation criteria (promoters write them on drafts; frozen at publication)
  {
    title: "add an evaluation criterion to another coalition's draft call",
    action: "addCriterionAction",
    input: ({ fx }) => ({ callId: fx.otherDraftCallId, ...criterionFields }),
    refused: [WHO.promoter, WHO.meccanicaAdmin, WHO.outsider, WHO.platformAdmin],
  },
  {
    title: "add an evaluation criterion to a published call (frozen rules)",
    action: "addCriterionAction",
    input: ({ ids }) => ({ callId: ids.call(PAST_CALL_TITLE), ...criterionFields }),
    refused: [WHO.promoter, WHO.promoterMember, WHO.ivreaAdmin, WHO.meccanicaAdmin, WHO.platformAdmin],
    codes: ["FORBIDDEN", "NOT_FOUND", "INVALID_STATE"],
  },
  {
    title: "change a published call's evaluation criterion",
    action: "updateCriterionAction",
    input: async ({ ids }) => ({ criterionId: await criterionId(ids), ...criterionFields }),
    refused: [WHO.promoter, WHO.ivreaAdmin, WHO.meccanicaAdmin, WHO.outsider, WHO.platformAdmin],
    codes: ["FORBIDDEN", "NOT_FOUND", "INVALID_STATE"],
  },
  {
    title: "remove a published call's evaluation criterion",
    action: "removeCriterionAction",
    input: async ({ ids }) => ({ criterionId: await criterionId(ids) }),
    refused: [WHO.promoter, WHO.ivreaAdmin, WHO.meccanicaAdmin, WHO.outsider, WHO.platformAdmin],
    codes: ["FORBIDDEN", "NOT_FOUND", "INVALID_STATE"],
  },
  {
    title: "reorder a published call's evaluation criteria",
    action: "moveCriterionAction",
    input: async ({ ids }) => ({ criterionId: await criterionId(ids), direction: "down" }),
    refused: [WHO.promoter, WHO.ivreaAdmin, WHO.meccanicaAdmin, WHO.outsider, WHO.platformAdmin],
    codes: ["FORBIDDEN", "NOT_FOUND", "INVALID_STATE"],
  },
  {
    title: "set how another coalition's draft call combines the appraisal with the vote",
    action: "setEvaluationRuleAction",
    input: ({ fx }) => ({ callId: fx.otherDraftCallId, mode: "technical_only", minTotal: 0, weightPercent: 50 }),
    refused: [WHO.promoter, WHO.meccanicaAdmin, WHO.outsider, WHO.platformAdmin],
  },
  {
    title: "change a published call's combination rule",
    action: "setEvaluationRuleAction",
    input: ({ ids }) => ({ callId: ids.call(PAST_CALL_TITLE), mode: "technical_only", minTotal: 0, weightPercent: 50 }),
    refused: [WHO.promoter, WHO.promoterMember, WHO.ivreaAdmin, WHO.meccanicaAdmin, WHO.platformAdmin],
    codes: ["FORBIDDEN", "NOT_FOUND", "INVALID_STATE"],
  },
  // ---------------------------------------------------------------- required attachments (promoters declare them on drafts; the lead and each partner upload)
  {
    title: "declare a required attachment on another coalition's draft call",
    action: "addAttachmentRequirementAction",
    input: ({ fx }) => ({ callId: fx.otherDraftCallId, ...requirementFields }),
    refused: [WHO.promoter, WHO.meccanicaAdmin, WHO.outsider, WHO.platformAdmin],
  },
  {
    title: "add a required attachment to a published call (frozen rules)",
    action: "addAttachmentRequirementAction",
    input: ({ ids }) => ({ callId: ids.call(OPEN_CALL_TITLE), ...requirementFields }),
    refused: [WHO.promoter, WHO.promoterMember, WHO.ivreaAdmin, WHO.meccanicaAdmin, WHO.platformAdmin],
    codes: ["FORBIDDEN", "NOT_FOUND", "INVALID_STATE"],
  },
  {
    title: "change a published call's required attachment",
    action: "updateAttachmentRequirementAction",
    input: async () => ({ requirementId: await requirementId("Lettera di intenti"), ...requirementFields }),
    refused: [WHO.promoter, WHO.ivreaAdmin, WHO.meccanicaAdmin, WHO.outsider, WHO.platformAdmin],
    codes: ["FORBIDDEN", "NOT_FOUND", "INVALID_STATE"],
  },
  {
    title: "remove a published call's required attachment",
    action: "removeAttachmentRequirementAction",
    input: async () => ({ requirementId: await requirementId("Allegato tecnico") }),
    refused: [WHO.promoter, WHO.ivreaAdmin, WHO.meccanicaAdmin, WHO.outsider, WHO.platformAdmin],
    codes: ["FORBIDDEN", "NOT_FOUND", "INVALID_STATE"],
  },
  {
    title: "upload the annex of another lead's draft (partners, plain members, strangers, promoters)",
    action: "uploadProposalAttachmentAction",
    input: async ({ ids }) => ({ proposalId: ids.proposal(MARKETPLACE), requirementId: await requirementId("Allegato tecnico") }),
    refused: [WHO.elettronicaAdmin, WHO.cciaaAdmin, WHO.softwareMember, WHO.meccanicaAdmin, WHO.promoter, WHO.outsider, WHO.platformAdmin],
  },
  {
    title: "upload a partner's letter in its name (the lead, another partner, strangers)",
    action: "uploadProposalAttachmentAction",
    input: async ({ ids }) => ({ proposalId: ids.proposal(MARKETPLACE), requirementId: await requirementId("Lettera di intenti"), organisationId: ids.org("cciaa") }),
    refused: [WHO.softwareAdmin, WHO.elettronicaAdmin, WHO.meccanicaAdmin, WHO.promoter, WHO.outsider, WHO.platformAdmin],
  },
  {
    title: "upload to a submitted proposal (frozen, even for its lead)",
    action: "uploadProposalAttachmentAction",
    input: async ({ ids }) => ({ proposalId: ids.proposal(ERP), requirementId: await requirementId("Allegato tecnico") }),
    refused: [WHO.meccanicaAdmin, WHO.softwareAdmin, WHO.promoter, WHO.outsider],
    codes: ["FORBIDDEN", "NOT_FOUND", "INVALID_STATE"],
  },
  {
    title: "remove another organisation's file (the lead included)",
    action: "removeProposalAttachmentAction",
    input: async ({ ids }) => ({ documentId: await attachmentId(ids.proposal(MARKETPLACE), "Lettera di intenti", ids.org("cciaa")) }),
    refused: [WHO.softwareAdmin, WHO.elettronicaAdmin, WHO.meccanicaAdmin, WHO.promoter, WHO.outsider, WHO.platformAdmin],
  },
  {
    title: "remove a file of a submitted proposal (frozen, even for its owner)",
    action: "removeProposalAttachmentAction",
    input: async ({ ids }) => ({ documentId: await attachmentId(ids.proposal(ERP), "Lettera di intenti", ids.org("universita")) }),
    refused: [WHO.universityAdmin, WHO.meccanicaAdmin, WHO.promoter, WHO.outsider],
    codes: ["FORBIDDEN", "NOT_FOUND", "INVALID_STATE"],
  },
  // ---------------------------------------------------------------- FAQ (people of member organisations ask; the call's promoters answer)
  {
    title: "ask a question in another organisation's name (IDOR)",
    action: "askQuestionAction",
    input: ({ ids }) => ({ callId: ids.call(OPEN_CALL_TITLE), organisationId: ids.org("software-eporedia"), question: "Quesito a nome di altri?" }),
    refused: [WHO.meccanicaAdmin, WHO.promoter, WHO.outsider, WHO.platformAdmin],
  },
  {
    title: "ask a question from outside the coalition",
    action: "askQuestionAction",
    input: ({ ids }) => ({ callId: ids.call(OPEN_CALL_TITLE), organisationId: ids.org("stampi-chiusella"), question: "Quesito da fuori?" }),
    refused: [WHO.outsider],
  },
  {
    title: "ask a question for an organisation still waiting for verification",
    action: "askQuestionAction",
    input: ({ ids }) => ({ callId: ids.call(OPEN_CALL_TITLE), organisationId: ids.org("consulenza-chivassese"), question: "Quesito non verificato?" }),
    refused: [WHO.pending],
  },
  {
    title: "ask a question after the deadline",
    action: "askQuestionAction",
    input: ({ ids }) => ({ callId: ids.call(PAST_CALL_TITLE), organisationId: ids.org("meccanica-dora"), question: "Quesito fuori tempo?" }),
    refused: [WHO.meccanicaAdmin],
    codes: ["INVALID_STATE"],
  },
  {
    title: "answer a question without being the call's promoter",
    action: "answerQuestionAction",
    input: async () => ({ questionId: await seededQuestionId(2), publicQuestion: "Riformulato da altri?", answer: "Risposta non autorizzata." }),
    refused: [WHO.softwareAdmin, WHO.ivreaAdmin, WHO.promoterMember, WHO.outsider, WHO.platformAdmin],
  },
  {
    title: "publish a question without being the call's promoter",
    action: "publishQuestionAction",
    input: async () => ({ questionId: await seededQuestionId(2) }),
    refused: [WHO.softwareAdmin, WHO.ivreaAdmin, WHO.promoterMember, WHO.outsider, WHO.platformAdmin],
  },
  {
    title: "correct a published answer without being the call's promoter",
    action: "correctAnswerAction",
    input: async () => ({ questionId: await seededQuestionId(0), answer: "Risposta cambiata da altri.", reason: "Nessuna." }),
    refused: [WHO.softwareAdmin, WHO.ivreaAdmin, WHO.promoterMember, WHO.outsider, WHO.platformAdmin],
  },
  // ---------------------------------------------------------------- voting
  {
    title: "cast the chamber of commerce's ballot from another firm (IDOR)",
    action: "castBallotAction",
    input: ({ ids }) => ({ callId: ids.call(VOTING_CALL_TITLE), proposalId: ids.proposal(SOC), organisationId: ids.org("cciaa"), value: 1 }),
    refused: [WHO.meccanicaAdmin, WHO.promoter, WHO.outsider, WHO.platformAdmin],
  },
  {
    title: "vote as an observer",
    action: "castBallotAction",
    input: ({ ids }) => ({ callId: ids.call(VOTING_CALL_TITLE), proposalId: ids.proposal(SOC), organisationId: ids.org("albergo-castello"), value: 1 }),
    refused: [WHO.observer],
  },
  {
    title: "vote from outside the coalition",
    action: "castBallotAction",
    input: ({ ids }) => ({ callId: ids.call(VOTING_CALL_TITLE), proposalId: ids.proposal(SOC), organisationId: ids.org("stampi-chiusella"), value: 1 }),
    refused: [WHO.outsider],
  },
  {
    title: "vote on one's own proposal (conflict of interest)",
    action: "castBallotAction",
    input: ({ ids }) => ({ callId: ids.call(VOTING_CALL_TITLE), proposalId: ids.proposal(SOC), organisationId: ids.org("software-eporedia"), value: 1 }),
    refused: [WHO.softwareAdmin],
  },
  {
    title: "publish the results of the closed vote",
    action: "publishResultsAction",
    input: ({ ids }) => ({ callId: ids.call(COUNTING_CALL_TITLE) }),
    refused: [WHO.ivreaAdmin, WHO.meccanicaAdmin, WHO.outsider, WHO.platformAdmin],
  },
  {
    title: "correct published results",
    action: "correctResultsAction",
    input: ({ ids }) => ({ callId: ids.call(PAST_CALL_TITLE), reason: "Correzione non autorizzata dei risultati." }),
    refused: [WHO.ivreaAdmin, WHO.meccanicaAdmin, WHO.outsider, WHO.platformAdmin],
  },
  // ---------------------------------------------------------------- promoters' reminders and messages (promoters of the coalition)
  {
    title: "remind the organisations that have not voted",
    action: "sendVoteReminderAction",
    input: ({ ids }) => ({ callId: ids.call(VOTING_CALL_TITLE) }),
    refused: [WHO.ivreaAdmin, WHO.meccanicaAdmin, WHO.promoterMember, WHO.observer, WHO.outsider, WHO.platformAdmin],
  },
  {
    title: "write to every member of the demo coalition",
    action: "sendCoalitionMessageAction",
    input: ({ ids }) => ({ coalitionId: ids.coalitionId, subject: "Messaggio dell'attaccante", message: "Nessuno l'ha chiesto." }),
    refused: [WHO.ivreaAdmin, WHO.meccanicaAdmin, WHO.promoterMember, WHO.observer, WHO.outsider, WHO.platformAdmin],
  },
  // ---------------------------------------------------------------- incentive applications and the de minimis ledger (representatives of the applying firm)
  {
    title: "apply to an incentive in another firm's name",
    action: "createApplicationAction",
    input: async ({ ids }) => ({ organisationId: ids.org("meccanica-dora"), programmeId: await programmeId(VOUCHER_NAME), title: "Domanda usurpata", eligibleCost: "10.000", requested: "5.000" }),
    refused: [WHO.softwareAdmin, WHO.outsider, WHO.promoter, WHO.platformAdmin],
  },
  {
    title: "change the amounts of another firm's application",
    action: "updateApplicationAction",
    input: ({ fx }) => ({ applicationId: fx.applicationId, version: 1, eligibleCost: "80.000", requested: "40.000" }),
    refused: [WHO.softwareAdmin, WHO.outsider, WHO.promoter, WHO.platformAdmin],
  },
  {
    title: "move another firm's application",
    action: "moveApplicationAction",
    input: ({ fx }) => ({ applicationId: fx.applicationId, version: 1, to: "withdrawn", reason: "Ritirata da un estraneo." }),
    refused: [WHO.softwareAdmin, WHO.outsider, WHO.promoter, WHO.platformAdmin],
  },
  {
    title: "record a payment on another firm's application",
    action: "recordDisbursementAction",
    input: ({ fx }) => ({ applicationId: fx.applicationId, version: 1, amount: "1.000", receivedOn: "2026-01-15" }),
    refused: [WHO.softwareAdmin, WHO.outsider, WHO.platformAdmin],
  },
  {
    title: "declare de minimis aid in another firm's ledger",
    action: "declareDeMinimisAidAction",
    input: ({ ids }) => ({ organisationId: ids.org("meccanica-dora"), grantedOn: "2025-03-01", authority: "Ente inventato", amount: "299.000" }),
    refused: [WHO.softwareAdmin, WHO.outsider, WHO.promoter, WHO.platformAdmin],
  },
  {
    title: "withdraw aid from another firm's ledger",
    action: "withdrawDeMinimisAidAction",
    input: ({ fx }) => ({ aidId: fx.declaredAidId, reason: "Per far spazio a un aiuto." }),
    refused: [WHO.softwareAdmin, WHO.outsider, WHO.promoter, WHO.platformAdmin],
  },
  // ---------------------------------------------------------------- expense reports of the pact's grants (the grant organisation's representatives file; the coalition's promoters review)
  {
    title: "open an expense report on another firm's grant",
    action: "createReportAction",
    input: async () => ({ grantId: (await eporediaSal2()).grantId }),
    refused: [WHO.softwareMember, WHO.promoter, WHO.meccanicaAdmin, WHO.outsider, WHO.platformAdmin],
  },
  {
    title: "add an expense to another firm's report",
    action: "addExpenseLineAction",
    input: async () => {
      const sal = await eporediaSal2();
      return { reportId: sal.reportId, budgetLineId: sal.budgetLineId, supplier: "Fornitore inventato", invoiceNumber: "FT-0001", invoiceDate: "2026-01-10", amount: "1.000" };
    },
    refused: [WHO.softwareMember, WHO.promoter, WHO.meccanicaAdmin, WHO.outsider, WHO.platformAdmin],
  },
  {
    title: "remove an expense from another firm's report",
    action: "removeExpenseLineAction",
    input: async () => ({ lineId: (await eporediaSal2()).lineId }),
    refused: [WHO.softwareMember, WHO.promoter, WHO.meccanicaAdmin, WHO.outsider, WHO.platformAdmin],
  },
  {
    title: "submit another firm's report",
    action: "submitReportAction",
    input: async () => ({ reportId: (await eporediaSal2()).reportId }),
    refused: [WHO.softwareMember, WHO.promoter, WHO.meccanicaAdmin, WHO.outsider, WHO.platformAdmin],
  },
  {
    title: "accept an expense without being the promoter's representative",
    action: "reviewLineAction",
    input: async () => ({ lineId: (await eporediaSal2()).lineId, decision: "accept" }),
    refused: [WHO.softwareAdmin, WHO.softwareMember, WHO.promoterMember, WHO.meccanicaAdmin, WHO.outsider, WHO.platformAdmin],
  },
  {
    title: "complete the review of a report without being the promoter's representative",
    action: "completeReviewAction",
    input: async () => ({ reportId: (await eporediaSal2()).reportId }),
    refused: [WHO.softwareAdmin, WHO.softwareMember, WHO.promoterMember, WHO.meccanicaAdmin, WHO.outsider, WHO.platformAdmin],
  },
  // ---------------------------------------------------------------- the pact's grants (the representatives of the coalition's promoters manage them)
  {
    title: "record the concession of a grant without being the promoter's representative",
    action: "recordConcessionAction",
    input: async () => ({
      grantId: (await eporediaSal2()).grantId,
      version: 1,
      actNumber: "Determinazione inventata",
      actDate: "2026-01-10",
      cup: "J19H25000999999",
      cor: "999999",
      startsOn: "2026-01-10",
      endsOn: "2026-12-31",
      finalReportDueOn: "2027-01-31",
    }),
    refused: [WHO.softwareAdmin, WHO.softwareMember, WHO.promoterMember, WHO.meccanicaAdmin, WHO.outsider, WHO.platformAdmin],
  },
  {
    title: "pay a tranche of a grant without being the promoter's representative",
    action: "releaseTrancheAction",
    input: async () => ({ grantId: (await eporediaSal2()).grantId, kind: "interim", amount: "1", paidOn: "2026-01-20" }),
    refused: [WHO.softwareAdmin, WHO.softwareMember, WHO.promoterMember, WHO.meccanicaAdmin, WHO.outsider, WHO.platformAdmin],
  },
  {
    title: "close a grant without being the promoter's representative",
    action: "closeGrantAction",
    input: async () => ({ grantId: (await eporediaSal2()).grantId }),
    refused: [WHO.softwareAdmin, WHO.softwareMember, WHO.promoterMember, WHO.meccanicaAdmin, WHO.outsider, WHO.platformAdmin],
  },
  {
    title: "revoke a grant without being the promoter's representative",
    action: "revokeGrantAction",
    input: async () => ({ grantId: (await eporediaSal2()).grantId, whole: true, reason: "Revoca decisa da un estraneo." }),
    refused: [WHO.softwareAdmin, WHO.softwareMember, WHO.promoterMember, WHO.meccanicaAdmin, WHO.outsider, WHO.platformAdmin],
  },
  // ---------------------------------------------------------------- the incentive catalogue (platform admins: global; a coalition's promoters: its own)
  {
    title: "add a programme to the global catalogue",
    action: "createProgrammeAction",
    input: () => ({ coalitionId: "", fields: programmeFields("Programma dell'attaccante") }),
    refused: [WHO.promoter, WHO.meccanicaAdmin, WHO.ivreaAdmin, WHO.outsider],
  },
  {
    title: "add a programme to the demo coalition's catalogue",
    action: "createProgrammeAction",
    input: ({ ids }) => ({ coalitionId: ids.coalitionId, fields: programmeFields("Programma dell'attaccante") }),
    refused: [WHO.promoterMember, WHO.meccanicaAdmin, WHO.ivreaAdmin, WHO.platformAdmin],
  },
  {
    title: "change a programme of the global catalogue",
    action: "updateProgrammeAction",
    input: async () => ({ programmeId: await programmeId(FESR_NAME), fields: programmeFields("FESR riscritto") }),
    refused: [WHO.promoter, WHO.meccanicaAdmin, WHO.outsider],
  },
  // ---------------------------------------------------------------- notifications (issue 12): one's own only
  {
    title: "open someone else's notification",
    action: "openNotificationAction",
    input: () => someonesNotificationId([WHO.meccanicaAdmin, WHO.promoter, WHO.outsider, WHO.platformAdmin]),
    refused: [WHO.meccanicaAdmin, WHO.promoter, WHO.outsider, WHO.platformAdmin],
  },
  {
    title: "mark notifications read without a session",
    action: "markAllNotificationsReadAction",
    input: () => undefined,
    refused: [],
  },
  {
    title: "save notification preferences without a session",
    action: "saveNotificationPreferencesAction",
    input: () => ({ call_opened: "in_app" }),
    refused: [],
  },
  // ---------------------------------------------------------------- protocol of understanding (promoters write and publish; members' representatives adhere)
  {
    title: "write the coalition's protocol draft without representing the promoter",
    action: "saveProtocolDraftAction",
    input: ({ ids }) => ({
      coalitionId: ids.coalitionId,
      title: "Protocollo dell'attaccante",
      body: "Un testo che nessuno ha chiesto.",
      themes: [{ key: "", label: "Tema dell'attaccante", description: "" }],
      amendmentNote: "Modifica non autorizzata.",
    }),
    refused: NOT_PROMOTERS,
  },
  {
    title: "publish a protocol version without representing the promoter",
    action: "publishProtocolVersionAction",
    input: async ({ ids }) => ({ versionId: (await currentProtocol(ids.coalitionId)).id }),
    refused: NOT_PROMOTERS,
  },
  {
    title: "adhere to the protocol in another organisation's name (IDOR), as a plain member, from outside",
    action: "adhereToProtocolAction",
    input: async ({ ids }) => {
      const current = await currentProtocol(ids.coalitionId);
      return { versionId: current.id, organisationId: ids.org("ivrea"), textSha256: current.text_sha256 };
    },
    refused: [WHO.meccanicaAdmin, WHO.promoter, WHO.promoterMember, WHO.outsider, WHO.platformAdmin],
  },
  {
    title: "adhere to the protocol for an organisation outside the coalition",
    action: "adhereToProtocolAction",
    input: async ({ ids }) => {
      const current = await currentProtocol(ids.coalitionId);
      return { versionId: current.id, organisationId: ids.org("stampi-chiusella"), textSha256: current.text_sha256 };
    },
    refused: [WHO.outsider],
  },
  // ---------------------------------------------------------------- meetings of the table
  {
    title: "convene a meeting without representing the promoter",
    action: "conveneMeetingAction",
    input: ({ ids }) => meetingInput(ids.coalitionId),
    refused: [WHO.softwareAdmin, WHO.ivreaAdmin, WHO.promoterMember, WHO.outsider, WHO.platformAdmin],
  },
  {
    title: "convene a meeting of another coalition",
    action: "conveneMeetingAction",
    input: ({ fx }) => meetingInput(fx.otherCoalitionId),
    refused: [WHO.promoter],
  },
  {
    title: "cancel a meeting without being its promoter",
    action: "cancelMeetingAction",
    input: async () => ({ meetingId: await seededMeetingId(UPCOMING_MEETING_TITLE), reason: "Annullata da altri." }),
    refused: [WHO.softwareAdmin, WHO.ivreaAdmin, WHO.promoterMember, WHO.outsider, WHO.platformAdmin],
  },
  {
    title: "answer for another invited organisation (IDOR)",
    action: "answerAttendanceAction",
    input: async ({ ids }) => ({ meetingId: await seededMeetingId(UPCOMING_MEETING_TITLE), organisationId: ids.org("meccanica-dora"), answer: "not_attending" }),
    refused: [WHO.softwareAdmin, WHO.promoter, WHO.outsider, WHO.platformAdmin],
  },
  {
    title: "answer for an organisation not invited",
    action: "answerAttendanceAction",
    input: async ({ ids }) => ({ meetingId: await seededMeetingId(UPCOMING_MEETING_TITLE), organisationId: ids.org("stampi-chiusella"), answer: "attending" }),
    refused: [WHO.outsider],
  },
  {
    title: "answer for the promoter as its plain member",
    action: "answerAttendanceAction",
    input: async ({ ids }) => ({ meetingId: await seededMeetingId(UPCOMING_MEETING_TITLE), organisationId: ids.org("cmto"), answer: "not_attending" }),
    refused: [WHO.promoterMember],
  },
  {
    title: "record the attendance without being the promoter",
    action: "recordAttendanceAction",
    input: async () => ({ meetingId: await seededMeetingId(SECOND_MEETING_TITLE), attended: [] }),
    refused: [WHO.softwareAdmin, WHO.cciaaAdmin, WHO.promoterMember, WHO.outsider, WHO.platformAdmin],
  },
  {
    title: "write the minutes without being the promoter",
    action: "saveMinutesAction",
    input: async () => ({ meetingId: await seededMeetingId(SECOND_MEETING_TITLE), summary: "Verbale riscritto da altri.", items: [] }),
    refused: [WHO.softwareAdmin, WHO.cciaaAdmin, WHO.promoterMember, WHO.outsider, WHO.platformAdmin],
  },
  {
    title: "circulate the minutes without being the promoter",
    action: "circulateMinutesAction",
    input: async () => ({ meetingId: await seededMeetingId(SECOND_MEETING_TITLE), days: 7 }),
    refused: [WHO.softwareAdmin, WHO.cciaaAdmin, WHO.promoterMember, WHO.outsider, WHO.platformAdmin],
  },
  {
    title: "comment on minutes for an organisation not invited or not represented (IDOR)",
    action: "commentMinutesAction",
    input: async ({ ids }) => ({ meetingId: await seededMeetingId(SECOND_MEETING_TITLE), organisationId: ids.org("universita"), body: "Commento a nome di altri." }),
    refused: [WHO.softwareAdmin, WHO.outsider, WHO.promoterMember, WHO.platformAdmin],
  },
  {
    title: "answer a comment without being the promoter",
    action: "answerCommentAction",
    input: async () => ({ commentId: await seededCommentId(SECOND_MEETING_TITLE), answer: "Risposta di altri." }),
    refused: [WHO.softwareAdmin, WHO.universityAdmin, WHO.promoterMember, WHO.outsider, WHO.platformAdmin],
  },
  {
    title: "approve minutes without being the promoter",
    action: "approveMinutesAction",
    input: async () => ({ meetingId: await seededMeetingId(SECOND_MEETING_TITLE) }),
    refused: [WHO.softwareAdmin, WHO.cciaaAdmin, WHO.promoterMember, WHO.outsider, WHO.platformAdmin],
  },
];

/** A meeting a month from now, valid in every field: only who convenes it is wrong. */
function meetingInput(coalitionId: string) {
  const day = new Date(Date.now() + 30 * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
  return { coalitionId, title: "Seduta dell'attaccante", date: day, startTime: "10:00", endTime: "12:00", location: "Ivrea", onlineUrl: "", agenda: [{ title: "Punto unico", description: "" }] };
}

async function seededMeetingId(title: string): Promise<string> {
  const [row] = await readDb((query) => query<{ id: string }>("select id from meetings where title = $1", [title]));
  if (!row) throw new Error(`The seed's meeting "${title}" is missing`);
  return row.id;
}

async function seededCommentId(meetingTitle: string): Promise<string> {
  const [row] = await readDb((query) => query<{ id: string }>("select c.id from minutes_comments c join meetings m on m.id = c.meeting_id where m.title = $1", [meetingTitle]));
  if (!row) throw new Error(`The seed's comment on "${meetingTitle}" is missing`);
  return row.id;
}

/** The coalition's protocol version in force (the seed publishes versions 1 and 2). */
async function currentProtocol(coalitionId: string): Promise<{ id: string; text_sha256: string }> {
  const [row] = await readDb((query) =>
    query<{ id: string; text_sha256: string }>(
      "select id, text_sha256 from coalition_protocol_versions where coalition_id = $1 and published_at is not null order by version desc limit 1",
      [coalitionId],
    ),
  );
  if (!row) throw new Error("The seed's protocol is missing");
  return row;
}

/** A notification of someone not among `notOf` (its id alone must not let them open it), or an id nobody has. */
async function someonesNotificationId(notOf: string[]): Promise<{ notificationId: string }> {
  const [row] = await readDb((query) =>
    query<{ id: string }>("select n.id from notifications n join users u on u.id = n.user_id where lower(u.email) <> all($1::text[]) order by n.created_at limit 1", [notOf]),
  );
  return { notificationId: row?.id ?? "00000000-0000-4000-8000-000000000001" };
}

/** A valid programme form: the refusals must come from who calls, not from validation. */
function programmeFields(name: string) {
  return {
    name,
    description: "",
    authority: "Ente inventato",
    level: "regional",
    fund: "",
    aidRegime: "de_minimis",
    gberArticle: "",
    procedure: "ranked",
    maxIntensityMicro: "100",
    maxIntensitySmall: "100",
    maxIntensityMedium: "100",
    maxIntensityLarge: "100",
    maxIntensityOther: "100",
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
    officialUrl: "https://example.org/",
  };
}

/** Software Eporedia's SAL 2 in the seed (db/seed/grants.ts): submitted, waiting for review; its grant, one line and that line's budget line. */
async function eporediaSal2(): Promise<{ grantId: string; reportId: string; lineId: string; budgetLineId: string }> {
  const [row] = await readDb((query) =>
    query<{ grantId: string; reportId: string; lineId: string; budgetLineId: string }>(
      `select g.id as "grantId", r.id as "reportId", l.id as "lineId", l.budget_line_id as "budgetLineId"
         from grants g join organisations o on o.id = g.organisation_id
         join expense_reports r on r.grant_id = g.id and r.number = 2 and r.status = 'submitted'
         join expense_lines l on l.report_id = r.id
        where o.legal_name = 'Software Eporedia S.r.l.' order by l.position limit 1`,
    ),
  );
  if (!row) throw new Error("Software Eporedia's submitted SAL 2 is missing from the seed");
  return row;
}

/** A seeded incentive programme by name (db/seed/incentives.ts). */
async function programmeId(name: string): Promise<string> {
  const [row] = await readDb((query) => query<{ id: string }>("select id from incentive_programmes where name = $1 order by created_at limit 1", [name]));
  if (!row) throw new Error(`No programme "${name}" in the seed`);
  return row.id;
}

/** Actions anyone may call: each with the reason it needs no session. */
const PUBLIC_ACTIONS: Record<string, string> = {
  setLocaleAction: "stores a language preference cookie for the visitor",
  checkReceiptAction: "checking a vote receipt needs no account",
  signUpAction: "anyone may create an account",
  requestPasswordResetAction: "a forgotten password is asked for without a session; the answer never says whether the address is registered",
  resetPasswordAction: "authorized by the one-time link's token, not by a session",
  verifyEmailAction: "authorized by the one-time link's token, not by a session",
  optOutAction: "authorized by the e-mail's signed, expiring opt-out token, which can only move its one kind to in-app for its one person",
};

/** Sets up the targets through the actions themselves, as the people allowed to: they must succeed. */
async function createFixtures(ids: SeedIds): Promise<Fixtures> {
  const stamp = Date.now();
  const ivrea = await personas.as(WHO.ivreaAdmin);
  const coalition = expectOk<{ coalitionId: string }>(
    await callAction(ivrea, {
      action: "createCoalition",
      args: [{ promoterOrganisationId: ids.org("ivrea"), name: `Patto di prova per gli attacchi ${stamp}`, description: "", territory: [MUNICIPALITY.ivrea] }],
    }),
    "Ivrea creates a coalition",
  );
  const call = expectOk<{ callId: string }>(
    await callAction(ivrea, { action: "createCall", args: [{ coalitionId: coalition.coalitionId, ...callFields() }] }),
    "Ivrea drafts a call",
  );
  const joinRequest = expectOk<{ requestId: string }>(
    await callAction(await personas.as(WHO.outsider), {
      action: "requestToJoinCoalition",
      args: [{ coalitionId: coalition.coalitionId, organisationId: ids.org("stampi-chiusella"), motivation: "Vorremmo partecipare." }],
    }),
    "Stampi Chiusella asks to join",
  );
  const invitation = expectOk<{ requestId: string }>(
    await callAction(ivrea, {
      action: "inviteOrganisationToCoalition",
      args: [{ coalitionId: coalition.coalitionId, organisationId: ids.org("elettronica-canavesana"), role: "member", weight: 1 }],
    }),
    "Ivrea invites Elettronica Canavesana",
  );
  const meccanica = await personas.as(WHO.meccanicaAdmin);
  const draft = expectOk<{ proposalId: string }>(
    await callAction(meccanica, {
      action: "createProposal",
      args: [{ callId: ids.call(OPEN_CALL_TITLE), leadOrganisationId: ids.org("meccanica-dora"), title: `Bozza per gli attacchi ${stamp}` }],
    }),
    "Meccanica Dora drafts a proposal",
  );
  expectOk(
    await callAction(meccanica, {
      action: "invitePartner",
      args: [{ proposalId: draft.proposalId, organisationId: ids.org("universita"), roleDescription: "Analisi dei processi." }],
    }),
    "Meccanica Dora invites the university",
  );
  const memberInvitation = expectOk<{ path: string }>(
    await callAction(meccanica, {
      action: "inviteMember",
      args: [{ organisationId: ids.org("meccanica-dora"), email: `nuovo.collega.${stamp}@example.org`, role: "member" }],
    }),
    "Meccanica Dora invites a colleague",
  );
  const application = expectOk<{ id: string }>(
    await callAction(meccanica, {
      action: "createApplication",
      args: [{ organisationId: ids.org("meccanica-dora"), programmeId: await programmeId(VOUCHER_NAME), title: `Domanda per gli attacchi ${stamp}`, eligibleCost: "20.000", requested: "10.000" }],
    }),
    "Meccanica Dora plans an application",
  );
  const declared = expectOk<{ id: string }>(
    await callAction(meccanica, {
      action: "declareDeMinimisAid",
      args: [{ organisationId: ids.org("meccanica-dora"), grantedOn: "2024-05-10", authority: "Regione Piemonte", description: `Aiuto per gli attacchi ${stamp}`, amount: "1.000" }],
    }),
    "Meccanica Dora declares de minimis aid",
  );
  return {
    otherCoalitionId: coalition.coalitionId,
    otherDraftCallId: call.callId,
    joinRequestId: joinRequest.requestId,
    coalitionInvitationId: invitation.requestId,
    draftId: draft.proposalId,
    memberInvitationToken: memberInvitation.path.split("/").pop()!,
    applicationId: application.id,
    declaredAidId: declared.id,
  };
}

test.beforeAll(async () => {
  const ids = await seedIds();
  ctx = { ids, fx: await createFixtures(ids), version: proposalVersion };
});
test.afterAll(() => personas.dispose());

test.describe("server actions called directly by the wrong people", () => {
  test("every server action of the build is in the table (or public, with a reason)", () => {
    const covered = new Set([...CASES.map((c) => c.action), ...Object.keys(PUBLIC_ACTIONS)]);
    const missing = serverActions()
      .map((a) => a.name)
      .filter((name) => !covered.has(name));
    expect(missing, "add a row to CASES for each new action").toEqual([]);
  });

  for (const c of CASES) {
    test(`${c.action}: ${c.title}`, async () => {
      const input = await c.input(ctx);
      const before = await stateFingerprint();
      const attempts: { who: string | null; codes: readonly string[] }[] = [
        { who: null, codes: ["UNAUTHENTICATED"] },
        ...c.refused.map((who) => ({ who, codes: c.codes ?? ["FORBIDDEN", "NOT_FOUND"] })),
      ];
      for (const attempt of attempts) {
        const response = await callAction(await personas.as(attempt.who), { action: c.action, args: input === undefined ? [] : [input] });
        expectRefused(response, attempt.codes, `${c.action} as ${attempt.who ?? "a visitor without a session"}`);
      }
      expect(await stateFingerprint(), "a refused action changes nothing").toEqual(before);
    });
  }
});

test.describe("route handlers", () => {
  /** Route handlers of the build (app/api/**), with their dynamic segments filled in. */
  function apiRoutes(ids: SeedIds): { route: string; url: string }[] {
    const manifest = JSON.parse(fs.readFileSync(path.join(distDir(), "server", "app-paths-manifest.json"), "utf8")) as Record<string, string>;
    return Object.keys(manifest)
      .filter((key) => key.startsWith("/api/") && key.endsWith("/route"))
      .map((key) => key.replace(/\/route$/, ""))
      .filter((route) => !route.startsWith("/api/auth/")) // next-auth's own endpoints: csrf.spec.ts
      .map((route) => ({
        route,
        url: route
          .replace("[callId]", ids.call(REVIEW_CALL_TITLE))
          .replace(/\[\.\.\.[^\]]+\]|\[[^\]]+\]/g, "00000000-0000-4000-8000-000000000000"),
      }));
  }

  test("no route handler changes anything for a request without a session", async () => {
    const { ids } = ctx;
    const routes = apiRoutes(ids);
    expect(routes.length).toBeGreaterThan(0);
    const anonymous = await personas.as(null);
    const before = await stateFingerprint();
    for (const { route, url } of routes) {
      for (const method of ["POST", "PUT", "PATCH", "DELETE"]) {
        const response = await anonymous.fetch(url, {
          method,
          headers: { Origin: BASE_URL, "Content-Type": "application/json" },
          data: JSON.stringify({ callId: ids.call(REVIEW_CALL_TITLE) }),
          maxRedirects: 0,
          failOnStatusCode: false,
        });
        // The e-mail's one-click opt-out (RFC 8058) takes no session: without its token and body it is a 400.
        const statuses = route === "/api/notifications/opt-out" ? [400, 405] : [401, 403, 404, 405];
        expect(statuses, `${method} ${route}`).toContain(response.status());
      }
    }
    expect(await stateFingerprint()).toEqual(before);
  });

  test("the promoters' CSV is for the promoters of the call's coalition only", async () => {
    const { ids } = ctx;
    const url = `/api/calls/${ids.call(REVIEW_CALL_TITLE)}/proposals.csv`;
    const allowed = await (await personas.as(WHO.promoter)).get(url, { failOnStatusCode: false });
    expect(allowed.status()).toBe(200);
    expect(await allowed.text()).toContain(VETRINA);

    const attempts: [string | null, number[]][] = [
      [null, [401]],
      [WHO.softwareAdmin, [403]], // leads a proposal in it
      [WHO.ivreaAdmin, [403]], // partner of a proposal in it, promoter of another coalition
      [WHO.outsider, [403]],
      [WHO.platformAdmin, [403]],
    ];
    for (const [who, statuses] of attempts) {
      const response = await (await personas.as(who)).get(url, { failOnStatusCode: false, maxRedirects: 0 });
      expect(statuses, `CSV as ${who ?? "a visitor"}`).toContain(response.status());
      expect(await response.text()).not.toContain(VETRINA);
    }
    // Another coalition's call: its promoter gets nothing either.
    const other = await (await personas.as(WHO.ivreaAdmin)).get(`/api/calls/${ids.call(OPEN_CALL_TITLE)}/proposals.csv`, { failOnStatusCode: false });
    expect(other.status()).toBe(403);
    expect(await other.text()).not.toContain(ERP);
  });

  test("an organisation's de minimis ledger, CSV and PDF, is for its members only", async () => {
    const { ids } = ctx;
    const org = ids.org("elettronica-canavesana");
    const seededCor = "13877520"; // a declared row of the seed (db/seed/incentives-applications.ts)
    for (const [kind, type] of [["csv", "text/csv"], ["pdf", "application/pdf"]] as const) {
      const url = `/api/organisations/${org}/de-minimis.${kind}?lang=it`;
      const allowed = await (await personas.as(WHO.elettronicaAdmin)).get(url, { failOnStatusCode: false });
      expect(allowed.status(), kind).toBe(200);
      expect(allowed.headers()["content-type"], kind).toContain(type);
      expect(allowed.headers()["cache-control"], kind).toBe("private, no-store");
      const attempts: [string | null, number][] = [
        [null, 401],
        [WHO.meccanicaAdmin, 404], // another firm of the coalition
        [WHO.promoter, 404], // the coalition's promoter: not the firm's ledger
        [WHO.outsider, 404],
        [WHO.platformAdmin, 404],
      ];
      for (const [who, status] of attempts) {
        const response = await (await personas.as(who)).get(url, { failOnStatusCode: false, maxRedirects: 0 });
        expect(response.status(), `${kind} as ${who ?? "a visitor"}`).toBe(status);
        expect(response.headers()["content-type"], `${kind} as ${who ?? "a visitor"}`).not.toContain(type);
        expect(await response.text()).not.toContain(seededCor);
      }
    }
  });
});

