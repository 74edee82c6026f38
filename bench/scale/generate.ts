/**
 * Pure generators of the scale seed (issue 13): the same spec and seed number give the
 * same rows, byte for byte. No database, no clock, no Math.random: a seeded PRNG
 * (sfc32) draws everything, ids included, and every timestamp is placed on a fixed
 * timeline before BASE_TIME. Rows use the database's column names; jsonb columns hold
 * plain objects (bench/scale/insert.ts serialises them).
 *
 * The audit entries come out as drafts (no seq, no hash), in the order their timestamps
 * increase: bench/scale/chain.ts hashes them with lib/audit's entryHash, as record() does.
 */
import { createHash } from "node:crypto";
import { canonicalJson, CANONICAL_FORMAT, sha256Hex, type CanonicalSubmission } from "@/lib/documents/canonical";
import { advanceCeilingCents, interimCeilingCents, splitAllocation } from "@/lib/incentives/grant-money";
import { allocate, isQuorumReached, rank, toEntries, type TallyRow } from "@/lib/voting/policy";
import { fingerprintOf } from "@/lib/voting/receipt";
import { onePagePdf as tinyPdf } from "@/lib/documents/pdf/one-page";

export type ScaleSpec = {
  coalitions: number;
  organisations: number;
  people: number;
  calls: number;
  proposals: number;
  /** Members (besides the promoter) of the first coalition, where both ballot calls are. */
  bigCoalitionMembers: number;
  /** The call with many proposals and ballots: voters are the first `voters` members; each proposal gets `ballotsPerProposal`. */
  bigCall: BallotCallSpec;
  /** The second, smaller ballot call of the same coalition. */
  smallCall: BallotCallSpec;
};

export type BallotCallSpec = { proposals: number; voters: number; ballotsPerProposal: number };

export const SIZES: Record<"full" | "small", ScaleSpec> = {
  full: {
    coalitions: 50,
    organisations: 3_000,
    people: 10_000,
    calls: 400,
    proposals: 20_000,
    bigCoalitionMembers: 2_000,
    bigCall: { proposals: 1_000, voters: 2_000, ballotsPerProposal: 200 },
    smallCall: { proposals: 100, voters: 200, ballotsPerProposal: 200 },
  },
  // About 1/100 of the full size (ballots: 1/1000, since both voters and proposals shrink).
  small: {
    coalitions: 5,
    organisations: 120,
    people: 300,
    calls: 10,
    proposals: 200,
    bigCoalitionMembers: 40,
    bigCall: { proposals: 10, voters: 40, ballotsPerProposal: 20 },
    smallCall: { proposals: 10, voters: 20, ballotsPerProposal: 20 },
  },
};

/** Every timestamp of the seed lies before this instant (the voting windows of the ballot calls close after it). */
export const BASE_TIME = new Date("2026-11-02T08:00:00.000Z");
const DAY = 86_400_000;
const at = (daysBeforeBase: number) => BASE_TIME.getTime() - daysBeforeBase * DAY;

/** The password of every scale person (its argon2id hash is fixed, so the rows stay deterministic). */
export const SCALE_PASSWORD = "scala-2026";
const PASSWORD_HASH = "$argon2id$v=19$m=19456,t=2,p=1$3aoK6OFd3/lBffwt/v+qWA$sQ0BQlUcd3YCoDANJz1+Rc/+gutPiJUvFdmv/PqreEQ";

// ---------------------------------------------------------------------------------------------
// Randomness

/** sfc32 seeded through splitmix32: small, fast, and the same on every platform. */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  constructor(seed: number, stream = 0) {
    let s = (seed ^ Math.imul(stream + 1, 0x9e3779b9)) >>> 0;
    const next = () => {
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
    for (let i = 0; i < 12; i++) this.u32();
  }
  u32(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = ((this.c << 21) | (this.c >>> 11)) >>> 0;
    this.c = (this.c + t) >>> 0;
    return t;
  }
  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor((this.u32() / 4_294_967_296) * n);
  }
  between(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }
  /** A version-4 UUID drawn from the stream. */
  uuid(): string {
    const h = [this.u32(), this.u32(), this.u32(), this.u32()].map((x) => x.toString(16).padStart(8, "0")).join("");
    const variant = ((parseInt(h[16], 16) & 0x3) | 0x8).toString(16);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }
  /** A receipt token as lib/voting/receipt.ts makes them (32 base32 characters, normalised). */
  token(): string {
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    let out = "";
    for (let i = 0; i < 32; i++) out += alphabet[this.int(32)];
    return out;
  }
}

// ---------------------------------------------------------------------------------------------
// Rows

export type Row = Record<string, unknown>;

export type AuditDraft = {
  occurredAt: Date;
  actorUserId: string | null;
  organisationId: string | null;
  action: string;
  entityType: string;
  entityId: string;
  data: Record<string, unknown>;
  /** A public decision: recordDecision() also keeps the head as an anchor. */
  anchor?: { version: number | null };
};

/** One phase's output: rows per table, in insertion order, and its audit entries in time order. */
export type PhaseOutput = { tables: [table: string, rows: Row[]][]; audit: AuditDraft[] };

type Org = {
  id: string;
  kind: string;
  adminUserId: string;
  memberUserIds: string[];
  legalName: string;
  sizeClass: string | null;
  partitaIva: string | null;
  codiceFiscale: string | null;
};
type Member = { organisationId: string; role: "promoter" | "member"; weight: number; orgIndex: number };
type CallInfo = {
  id: string;
  coalition: number;
  createdBy: string;
  promoterOrganisationId: string;
  publishedAt: number;
  maxRequestCents: number;
  ballots?: BallotCallSpec & { method: "score" | "approval" };
  title: string;
  budgetCents: number;
  votingMethod: "score" | "approval";
  quorumBp: number;
  advanceMaxBp: number;
  lineToleranceBp: number;
  /** A past call: voting closed and results published (the "results" phase writes its history). */
  past?: { votingOpensAt: number; votingClosesAt: number; resultsAt: number };
  /** The attachment every proposal of the call must carry (a third of the other calls). */
  requirement?: { id: string; title: string };
};
type ProposalInfo = { id: string; call: CallInfo; index: number; version: number };
/** A submitted proposal, with what the later phases (results, grants) need of it. */
type SubmittedInfo = {
  id: string;
  call: CallInfo;
  lead: Org;
  title: string;
  reference: string;
  submittedAt: number;
  requestedCents: number;
  /** Version after the submission; the admissibility mark of a past call adds one. */
  version: number;
  partners: { org: Org; costCents: number; cofinancingCents: number; lines: { id: string; amountCents: number }[] }[];
  row: Row;
};

/** What later phases need to know of earlier ones; built by the phases in order. */
export type World = {
  spec: ScaleSpec;
  seed: number;
  users: string[];
  orgs: Org[];
  coalitions: { id: string; slug: string; name: string; promoter: number; members: Member[] }[];
  calls: CallInfo[];
  ballotProposals: Map<string, ProposalInfo[]>;
  /** The proposal reference counters (proposal_reference_counters): prefix → last number given. */
  counters: Map<string, number>;
  /** Every proposal, light: for the incentive applications. */
  proposals: { id: string; coalition: number; leadOrg: Org; requestedCents: number }[];
  /** Submitted proposals of the past calls, by call id (the "results" phase counts them). */
  pastSubmitted: Map<string, SubmittedInfo[]>;
  /** The coalitions' invitations, for the notifications they left (phase 7). */
  invitations: { requestId: string; coalition: string; organisation: Org; sentAt: number }[];
  /** SHA-256 of the blobs written so far (each once). */
  blobs: Set<string>;
  /** The "results" phase, built at the end of the proposals phase (it settles the past calls' proposals' status). */
  history?: PhaseOutput;
};

const KINDS = ["firm", "firm", "firm", "firm", "university", "research_centre", "chamber_of_commerce", "business_association", "bank", "consultancy", "public_body"] as const;
const SIZE_CLASSES = ["micro", "small", "medium", "large"] as const;
const MUNICIPALITIES = ["001272", "015146", "058091", "063049", "037006", "048017", "072006", "082053"] as const;
const FIRST = ["Giulia", "Marco", "Francesca", "Luca", "Chiara", "Matteo", "Sara", "Andrea", "Elena", "Paolo", "Anna", "Davide", "Laura", "Simone", "Marta", "Stefano"];
const LAST = ["Rossi", "Bianchi", "Esposito", "Romano", "Colombo", "Ricci", "Marino", "Greco", "Bruno", "Gallo", "Conti", "De Luca", "Costa", "Giordano", "Mancini", "Lombardi"];
const TOPICS = ["rete in fibra", "sportello digitale", "dati aperti", "cybersicurezza", "formazione digitale", "sensori ambientali", "cloud per i comuni", "fatturazione elettronica", "telemedicina", "mobilità intelligente"];
const CATEGORIES = ["personnel", "equipment", "software", "services", "training", "other"] as const;

/** The check digit of an Italian Partita IVA (Luhn variant). */
export function partitaIva(serial: number, office: number): string {
  const body = String(serial % 10_000_000).padStart(7, "0") + String(office % 1000).padStart(3, "0");
  let sum = 0;
  for (let i = 0; i < 10; i++) {
    const d = Number(body[i]);
    if (i % 2 === 0) sum += d;
    else sum += d * 2 > 9 ? d * 2 - 9 : d * 2;
  }
  return body + String((10 - (sum % 10)) % 10);
}

/** sha256(token:proposalId:value), exactly as lib/voting/receipt.ts receiptHash for a normalised token. */
export function receiptHashOf(token: string, proposalId: string, value: number): string {
  return createHash("sha256").update(`${token}:${proposalId}:${value}`).digest("hex");
}

/** Evenly spaced instants from `fromDays` to `toDays` before BASE_TIME, for `n` events. */
function timeline(fromDays: number, toDays: number, n: number): (i: number) => number {
  const start = at(fromDays);
  const step = Math.floor((at(toDays) - start) / Math.max(1, n));
  return (i) => start + i * step;
}

const iso = (ms: number) => new Date(ms);

export function createWorld(spec: ScaleSpec, seed: number): World {
  if (spec.bigCoalitionMembers >= spec.organisations) throw new Error("the first coalition needs fewer members than there are organisations");
  for (const c of [spec.bigCall, spec.smallCall]) {
    if (c.voters > spec.bigCoalitionMembers || c.ballotsPerProposal > c.voters || c.voters % c.ballotsPerProposal !== 0) {
      throw new Error("a ballot call needs voters ≤ members and ballotsPerProposal dividing voters");
    }
  }
  if (spec.bigCall.proposals + spec.smallCall.proposals > spec.proposals) throw new Error("too few proposals for the ballot calls");
  if (spec.calls < spec.coalitions || spec.calls < 3) throw new Error("at least one call per coalition and three in all");
  return { spec, seed, users: [], orgs: [], coalitions: [], calls: [], ballotProposals: new Map(), counters: new Map(), proposals: [], pastSubmitted: new Map(), invitations: [], blobs: new Set() };
}

// ---------------------------------------------------------------------------------------------
// Phase 1: people

export function people(w: World): PhaseOutput {
  const rng = new Rng(w.seed, 1);
  const t = timeline(400, 300, w.spec.people);
  // Each address is confirmed before the next person signs up, so the log stays in time order.
  const confirmAfter = Math.min(3_600_000, Math.floor((t(1) - t(0)) / 2));
  const rows: Row[] = [];
  const audit: AuditDraft[] = [];
  for (let i = 0; i < w.spec.people; i++) {
    const id = rng.uuid();
    const name = `${rng.pick(FIRST)} ${rng.pick(LAST)}`;
    const created = t(i);
    w.users.push(id);
    rows.push({
      id,
      email: `p${String(i).padStart(5, "0")}.s${w.seed}@scala.tavolo.test`,
      name,
      password_hash: PASSWORD_HASH,
      is_platform_admin: i === 0,
      email_verified_at: iso(created + confirmAfter),
      locale: i % 5 === 0 ? "en" : "it",
      created_at: iso(created),
    });
    const email = rows[rows.length - 1].email as string;
    audit.push({ occurredAt: iso(created), actorUserId: id, organisationId: null, action: "user.signed_up", entityType: "user", entityId: id, data: { name } });
    // The first person is made platform admin (npm run admin:create), as the account is created.
    if (i === 0) audit.push({ occurredAt: iso(created), actorUserId: null, organisationId: null, action: "user.platform_admin_granted", entityType: "user", entityId: id, data: {} });
    audit.push({ occurredAt: iso(created + confirmAfter), actorUserId: id, organisationId: null, action: "user.email_verified", entityType: "user", entityId: id, data: { email } });
  }
  return { tables: [["users", rows]], audit };
}

// ---------------------------------------------------------------------------------------------
// Phase 2: organisations, their members (by accepted invitation), verified by the platform admin

export function organisationsPhase(w: World): PhaseOutput {
  const rng = new Rng(w.seed, 2);
  const { organisations: n, people: p, coalitions } = w.spec;
  const perOrg = Math.max(1, Math.min(3, Math.floor((p - 1) / n)));
  const t = timeline(300, 250, n);
  const slot = Math.floor((at(250) - at(300)) / n / (3 + 2 * perOrg));
  const admin = w.users[0];
  const orgRows: Row[] = [];
  const memberRows: Row[] = [];
  const invitationRows: Row[] = [];
  const audit: AuditDraft[] = [];
  for (let o = 0; o < n; o++) {
    const id = rng.uuid();
    // The promoters of the coalitions are public bodies (lib/coalitions/service.ts).
    const kind = o < coalitions ? "public_body" : rng.pick(KINDS);
    const userIds = Array.from({ length: perOrg }, (_, k) => w.users[1 + o * perOrg + k]);
    const topic = rng.pick(TOPICS);
    const legalName =
      kind === "public_body" ? `Comune ${o + 1} (${topic})` : kind === "university" ? `Università ${o + 1}` : `${rng.pick(LAST)} ${topic} ${o + 1} S.r.l.`;
    const piva = kind === "public_body" ? null : partitaIva(w.seed * 7919 + o, 1 + (o % 100));
    const values = {
      kind,
      legalName,
      partitaIva: piva,
      codiceFiscale: kind === "public_body" ? partitaIva(w.seed * 7919 + 5_000_000 + o, 1 + (o % 100)) : null,
      codiceIpa: kind === "public_body" ? `c_s${w.seed}_${o}` : null,
      atecoCode: kind === "firm" ? `62.0${1 + (o % 9)}` : null,
      sizeClass: kind === "firm" ? rng.pick(SIZE_CLASSES) : null,
      municipalityCode: MUNICIPALITIES[o % MUNICIPALITIES.length],
    };
    w.orgs.push({
      id,
      kind,
      adminUserId: userIds[0],
      memberUserIds: userIds,
      legalName,
      sizeClass: values.sizeClass,
      partitaIva: values.partitaIva,
      codiceFiscale: values.codiceFiscale,
    });
    let time = t(o);
    const created = time;
    time += slot;
    const reviewed = time;
    orgRows.push({
      id,
      kind,
      legal_name: legalName,
      partita_iva: values.partitaIva,
      codice_fiscale: values.codiceFiscale,
      codice_ipa: values.codiceIpa,
      ateco_code: values.atecoCode,
      size_class: values.sizeClass,
      municipality_code: values.municipalityCode,
      status: "verified",
      reviewed_at: iso(reviewed),
      reviewed_by: admin,
      created_by: userIds[0],
      created_at: iso(created),
    });
    memberRows.push({ id: rng.uuid(), organisation_id: id, user_id: userIds[0], role: "admin", is_representative: false, created_at: iso(created) });
    audit.push({ occurredAt: iso(created), actorUserId: userIds[0], organisationId: id, action: "organisation.created", entityType: "organisation", entityId: id, data: values });
    audit.push({
      occurredAt: iso(reviewed),
      actorUserId: admin,
      organisationId: id,
      action: "organisation.verified",
      entityType: "organisation",
      entityId: id,
      data: { before: "pending", after: "verified", reason: null },
    });
    for (let k = 1; k < perOrg; k++) {
      const invitationId = rng.uuid();
      const sent = (time += slot);
      const accepted = (time += slot);
      const expiresAt = iso(sent + 7 * DAY);
      const email = `p${String(1 + o * perOrg + k).padStart(5, "0")}.s${w.seed}@scala.tavolo.test`;
      // The second person represents the organisation in coalitions; the third is a plain member.
      invitationRows.push({
        id: invitationId,
        organisation_id: id,
        email,
        role: "member",
        token_hash: createHash("sha256").update(`scale:${w.seed}:${invitationId}`).digest("hex"),
        invited_by: userIds[0],
        expires_at: expiresAt,
        accepted_at: iso(accepted),
        accepted_by: userIds[k],
        created_at: iso(sent),
      });
      memberRows.push({ id: rng.uuid(), organisation_id: id, user_id: userIds[k], role: "member", is_representative: k === 1, created_at: iso(accepted) });
      audit.push({
        occurredAt: iso(sent),
        actorUserId: userIds[0],
        organisationId: id,
        action: "organisation.invitation_sent",
        entityType: "organisation_invitation",
        entityId: invitationId,
        data: { email, role: "member", expiresAt: expiresAt.toISOString() },
      });
      audit.push({ occurredAt: iso(accepted), actorUserId: userIds[k], organisationId: id, action: "organisation.invitation_accepted", entityType: "organisation_invitation", entityId: invitationId, data: { role: "member" } });
      if (k === 1) {
        audit.push({
          occurredAt: iso((time += slot)),
          actorUserId: userIds[0],
          organisationId: id,
          action: "organisation.representative_set",
          entityType: "organisation",
          entityId: id,
          data: { userId: userIds[k], isRepresentative: true },
        });
      }
    }
  }
  return {
    tables: [
      ["organisations", orgRows],
      ["organisation_members", memberRows],
      ["organisation_invitations", invitationRows],
    ],
    audit,
  };
}

// ---------------------------------------------------------------------------------------------
// Phase 3: coalitions and their members (invited by the promoter, accepted by the member)

export function coalitionsPhase(w: World): PhaseOutput {
  const rng = new Rng(w.seed, 3);
  const { coalitions: n, organisations: orgCount, bigCoalitionMembers } = w.spec;
  const t = timeline(250, 200, n);
  const coalitionRows: Row[] = [];
  const memberRows: Row[] = [];
  const requestRows: Row[] = [];
  const audit: AuditDraft[] = [];
  for (let c = 0; c < n; c++) {
    const id = rng.uuid();
    const slug = `distretto-${w.seed}-${c + 1}`;
    const name = `Distretto digitale ${c + 1}`;
    const promoter = w.orgs[c];
    const territory = [MUNICIPALITIES[c % MUNICIPALITIES.length]];
    // Member organisations: the first coalition takes organisations 1…M; the others a stride through all of them.
    const wanted = c === 0 ? bigCoalitionMembers : Math.min(orgCount - 1, rng.between(20, 60));
    const indices: number[] = [];
    if (c === 0) for (let k = 1; k <= wanted; k++) indices.push(k);
    else {
      const step = coprimeStep(orgCount);
      for (let k = 0; indices.length < wanted && k < orgCount; k++) {
        const idx = (c * 101 + k * step) % orgCount;
        if (idx !== c) indices.push(idx);
      }
    }
    const created = t(c);
    const slot = Math.floor((at(200) - at(250)) / n / (2 + 2 * indices.length));
    let time = created;
    coalitionRows.push({
      id,
      slug,
      name,
      description: `Patto territoriale ${c + 1} per la transizione digitale.`,
      territory,
      promoter_organisation_id: promoter.id,
      created_at: iso(created),
    });
    memberRows.push({ id: rng.uuid(), coalition_id: id, organisation_id: promoter.id, role: "promoter", weight: 1, joined_at: iso(created) });
    audit.push({ occurredAt: iso(created), actorUserId: promoter.adminUserId, organisationId: promoter.id, action: "coalition.created", entityType: "coalition", entityId: id, data: { name, slug, territory } });
    const members: Member[] = [{ organisationId: promoter.id, role: "promoter", weight: 1, orgIndex: c }];
    for (const idx of indices) {
      const org = w.orgs[idx];
      const requestId = rng.uuid();
      const weight = 1 + rng.int(3);
      const sent = (time += slot);
      const accepted = (time += slot);
      requestRows.push({
        id: requestId,
        coalition_id: id,
        organisation_id: org.id,
        direction: "invitation",
        status: "accepted",
        motivation: "",
        role: "member",
        weight,
        created_by: promoter.adminUserId,
        created_at: iso(sent),
        decided_by: org.adminUserId,
        decided_at: iso(accepted),
      });
      memberRows.push({ id: rng.uuid(), coalition_id: id, organisation_id: org.id, role: "member", weight, joined_at: iso(accepted) });
      members.push({ organisationId: org.id, role: "member", weight, orgIndex: idx });
      w.invitations.push({ requestId, coalition: name, organisation: org, sentAt: sent });
      const data = { requestId, role: "member", weight };
      audit.push({ occurredAt: iso(sent), actorUserId: promoter.adminUserId, organisationId: org.id, action: "coalition.invitation_sent", entityType: "coalition", entityId: id, data });
      audit.push({ occurredAt: iso(accepted), actorUserId: org.adminUserId, organisationId: org.id, action: "coalition.member_admitted", entityType: "coalition", entityId: id, data });
    }
    w.coalitions.push({ id, slug, name, promoter: c, members });
  }
  return {
    tables: [
      ["coalitions", coalitionRows],
      ["coalition_join_requests", requestRows],
      ["coalition_members", memberRows],
    ],
    audit,
  };
}

function coprimeStep(n: number): number {
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
  for (const s of [7919, 7, 11, 13, 17, 19, 23, 29, 31, 37]) if (s % n !== 0 && gcd(s, n) === 1) return s % n;
  return 1;
}

// ---------------------------------------------------------------------------------------------
// Phase 4: calls, created and published by their coalition's promoter

export function callsPhase(w: World): PhaseOutput {
  const rng = new Rng(w.seed, 4);
  // Documents and required attachments draw from their own stream: the calls' ids stay as they were.
  const docs = new Rng(w.seed, 8);
  const { calls: n, coalitions } = w.spec;
  // The last call is published (an hour after its creation) before the first proposal, at 190 days.
  const t = timeline(200, 190.05, n);
  const rows: Row[] = [];
  const requirementRows: Row[] = [];
  const files = new Files(w, docs);
  const audit: AuditDraft[] = [];
  let pastIndex = 0;
  for (let i = 0; i < n; i++) {
    // Calls 0 and 1 are the ballot calls, both in the first coalition; the rest go round the coalitions.
    const coalition = i < 2 ? 0 : i % coalitions;
    const co = w.coalitions[coalition];
    const promoter = w.orgs[co.promoter];
    const id = rng.uuid();
    const ballots = i === 0 ? { ...w.spec.bigCall, method: "score" as const } : i === 1 ? { ...w.spec.smallCall, method: "approval" as const } : undefined;
    const created = t(i);
    const publishedAt = created + 3_600_000;
    const drawnBudgetCents = (i === 0 ? 500_000 : 20_000 + rng.int(20) * 10_000) * 100 * 100;
    const maxRequestCents = (i < 2 ? 200_000 : 50_000 + rng.int(10) * 10_000) * 100;
    const votingMethod = ballots?.method ?? (i % 2 === 0 ? "score" : "approval");
    // About one call in four is past (isPastCall): submissions closed 60 days before BASE_TIME, voting ran from
    // 52 to 47 days before, results published 46 days before (the "results" phase writes that history).
    const past = isPastCall(i, coalitions) ? { votingOpensAt: at(52), votingClosesAt: at(47), resultsAt: at(46) + pastIndex++ * 600_000 } : undefined;
    // A past call's budget is a fifteenth of the drawn one (€133,000 to €1.4 million): it funds from a
    // sixth to all of its proposals, about half on the whole, as calls do.
    const budgetCents = past ? Math.round(drawnBudgetCents / 15 / 10_000) * 10_000 : drawnBudgetCents;
    // The ballot calls: submissions closed, voting open until far after BASE_TIME (a bench closes it by moving voting_closes_at).
    // The others: open for submissions around BASE_TIME.
    const windows = ballots
      ? { so: publishedAt + DAY, sc: at(60), vo: at(30), vc: at(-3650) }
      : past
        ? { so: publishedAt + DAY, sc: at(60), vo: past.votingOpensAt, vc: past.votingClosesAt }
        : { so: publishedAt + DAY, sc: at(-(30 + (i % 300))), vo: at(-(44 + (i % 300))), vc: at(-(58 + (i % 300))) };
    const title = `Bando ${i + 1}: ${rng.pick(TOPICS)}`;
    const advanceMaxBp = past ? 3000 : 0;
    const rules = {
      title,
      budgetCents,
      maxRequestCents,
      minCofinancingBp: 2000,
      minPartners: 1,
      maxPartners: 5,
      votingMethod,
      quorumBp: 5000,
      ballotsPublic: i % 7 === 3,
      submissionOpensAt: iso(windows.so).toISOString(),
      submissionClosesAt: iso(windows.sc).toISOString(),
      votingOpensAt: iso(windows.vo).toISOString(),
      votingClosesAt: iso(windows.vc).toISOString(),
      ...(advanceMaxBp ? { advanceMaxBp } : {}),
    };
    rows.push({
      id,
      coalition_id: co.id,
      title,
      description: `Il bando finanzia progetti di ${rng.pick(TOPICS)} nel territorio del patto.`,
      themes: [],
      sectors: [],
      budget_cents: budgetCents,
      max_request_cents: maxRequestCents,
      min_cofinancing_bp: 2000,
      min_partners: 1,
      max_partners: 5,
      submission_opens_at: iso(windows.so),
      submission_closes_at: iso(windows.sc),
      voting_opens_at: iso(windows.vo),
      voting_closes_at: iso(windows.vc),
      voting_method: votingMethod,
      quorum_bp: 5000,
      ballots_public: rules.ballotsPublic,
      status: past ? "results" : "published",
      published_at: iso(publishedAt),
      results_published_at: past ? iso(past.resultsAt) : null,
      advance_max_bp: advanceMaxBp,
      created_by: promoter.adminUserId,
      created_at: iso(created),
      updated_at: iso(past ? past.resultsAt : publishedAt),
    });
    audit.push({ occurredAt: iso(created), actorUserId: promoter.adminUserId, organisationId: promoter.id, action: "call.created", entityType: "call", entityId: id, data: { coalitionId: co.id, ...rules } });
    // While the call is a draft the promoter attaches its text (every call), the application
    // form (one in four: the same file each time, so one blob) and, on a third of the other
    // calls, the technical annex every proposal must carry.
    let requirement: CallInfo["requirement"];
    if (i >= 2 && i % 3 === 0) {
      requirement = { id: docs.uuid(), title: "Allegato tecnico" };
      const r = { scope: "proposal", title: requirement.title, description: "Il progetto in dettaglio: architettura, piano di lavoro, rischi.", allowedTypes: ["pdf"], signatureRequired: false };
      requirementRows.push({ id: requirement.id, call_id: id, scope: r.scope, title: r.title, description: r.description, allowed_types: r.allowedTypes, signature_required: false, position: 0, created_at: iso(created + 600_000) });
      audit.push({
        occurredAt: iso(created + 600_000),
        actorUserId: promoter.adminUserId,
        organisationId: promoter.id,
        action: "call.attachment_requirement_added",
        entityType: "call",
        entityId: id,
        data: { requirementId: requirement.id, ...r },
      });
    }
    const uploads: [kind: string, title: string, fileName: string, bytes: Uint8Array][] = [
      ["call_text", "Testo del bando", `bando-${i + 1}.pdf`, tinyPdf([title, `${co.name} - ${rules.submissionOpensAt.slice(0, 10)}`, `Dotazione: ${budgetCents / 100} euro`])],
    ];
    if (i % 4 === 1) uploads.push(["call_template", "Allegato A - Modulo di domanda", "modulo-di-domanda.pdf", tinyPdf(["Allegato A - Modulo di domanda", "Compilare in ogni parte."])]);
    uploads.forEach(([kind, docTitle, fileName, bytes], k) => {
      const when = created + (20 + 10 * k) * 60_000;
      const doc = files.document({ kind, call_id: id, title: docTitle, file_name: fileName, uploaded_by: promoter.adminUserId, created_at: iso(when) }, bytes);
      audit.push({
        occurredAt: iso(when),
        actorUserId: promoter.adminUserId,
        organisationId: promoter.id,
        action: "document.uploaded",
        entityType: "call",
        entityId: id,
        data: { documentId: doc.id, ...documentAuditData(doc), callStatus: "draft" },
      });
    });
    audit.push({
      occurredAt: iso(publishedAt),
      actorUserId: promoter.adminUserId,
      organisationId: promoter.id,
      action: "call.published",
      entityType: "call",
      entityId: id,
      data: { before: "draft", after: "published", rules },
      anchor: { version: null },
    });
    w.calls.push({
      id,
      coalition,
      createdBy: promoter.adminUserId,
      promoterOrganisationId: promoter.id,
      publishedAt,
      maxRequestCents,
      ballots,
      title,
      budgetCents,
      votingMethod,
      quorumBp: 5000,
      advanceMaxBp,
      lineToleranceBp: 1000,
      past,
      requirement,
    });
  }
  return {
    tables: [["calls", rows], ["call_attachment_requirements", requirementRows], ...files.tables()],
    audit: byTime(audit),
  };
}

/**
 * Which of the calls (by index) are past: voting closed, results published. Never the two
 * ballot calls nor any other call of their coalition (the first), whose only calls with
 * ballots stay the two the bench measures.
 */
export function isPastCall(index: number, coalitions: number): boolean {
  // Calls go round the coalitions; every fifth round is past, so each coalition has some (full size: 98 of 400).
  return index >= 2 && Math.floor(index / coalitions) % 5 === 1 && index % coalitions !== 0;
}

/** The entries in time order, those of the same instant in the order they were made (a phase's events interleave). */
function byTime(audit: AuditDraft[]): AuditDraft[] {
  return audit
    .map((e, i) => [e, i] as const)
    .sort((a, b) => a[0].occurredAt.getTime() - b[0].occurredAt.getTime() || a[1] - b[1])
    .map(([e]) => e);
}

/** A one-page PDF with these lines (a few hundred bytes): the text varies, so each file is its own blob. */
export { tinyPdf };

type DocumentInput = {
  kind: string;
  call_id?: string;
  proposal_id?: string;
  organisation_id?: string;
  requirement_id?: string;
  title: string;
  file_name: string;
  uploaded_by: string;
  created_at: Date;
};
type DocumentInfo = { id: string; seriesId: string; sha256: string; sizeBytes: number } & DocumentInput;

/** lib/documents/service.ts documentAuditData: what the audit trail keeps of a document. */
function documentAuditData(d: DocumentInfo) {
  return {
    kind: d.kind,
    title: d.title,
    fileName: d.file_name,
    mediaType: "application/pdf",
    signed: false,
    sizeBytes: d.sizeBytes,
    sha256: d.sha256,
    seriesId: d.seriesId,
    version: 1,
    callId: d.call_id ?? null,
    proposalId: d.proposal_id ?? null,
    organisationId: d.organisation_id ?? null,
    requirementId: d.requirement_id ?? null,
  };
}

/** Documents of a phase and their blobs, each blob once per seed (keyed by SHA-256, as lib/documents/storage.ts keeps them). */
class Files {
  private blobs: Row[] = [];
  private docs: Row[] = [];
  constructor(
    private w: World,
    private rng: Rng,
  ) {}
  document(input: DocumentInput, bytes: Uint8Array): DocumentInfo {
    const sha256 = createHash("sha256").update(bytes).digest("hex");
    if (!this.w.blobs.has(sha256)) {
      this.w.blobs.add(sha256);
      this.blobs.push({ sha256, size_bytes: bytes.length, content: Buffer.from(bytes), created_at: input.created_at });
    }
    const doc: DocumentInfo = { ...input, id: this.rng.uuid(), seriesId: this.rng.uuid(), sha256, sizeBytes: bytes.length };
    this.docs.push({
      id: doc.id,
      series_id: doc.seriesId,
      version: 1,
      kind: input.kind,
      call_id: input.call_id ?? null,
      proposal_id: input.proposal_id ?? null,
      organisation_id: input.organisation_id ?? null,
      requirement_id: input.requirement_id ?? null,
      title: input.title,
      file_name: input.file_name,
      media_type: "application/pdf",
      signed: false,
      size_bytes: bytes.length,
      sha256,
      uploaded_by: input.uploaded_by,
      created_at: input.created_at,
    });
    return doc;
  }
  tables(): [string, Row[]][] {
    return [
      ["file_blobs", this.blobs],
      ["documents", this.docs],
    ];
  }
}

// ---------------------------------------------------------------------------------------------
// Phase 5: proposals, partners, budget lines, submissions

/** Which proposals (by index in its call) a voter (by index among the call's voters) votes on. */
export function votesOf(spec: BallotCallSpec, voter: number): number[] {
  const stride = spec.voters / spec.ballotsPerProposal;
  const out: number[] = [];
  for (let p = voter % stride; p < spec.proposals; p += stride) out.push(p);
  return out;
}

/** A voter must not be an accepted partner of a proposal it votes on (lib/voting/service.ts). */
function conflicts(spec: BallotCallSpec, memberIndex: number, proposal: number): boolean {
  if (memberIndex >= spec.voters) return false;
  const stride = spec.voters / spec.ballotsPerProposal;
  return proposal % stride === memberIndex % stride;
}

/** When the promoter marks the ballot calls' proposals admissible (days before BASE_TIME): after the past calls' history. */
const REVIEW_FROM = 35;
const REVIEW_TO = 31;

export function proposalsPhase(w: World): PhaseOutput {
  const rng = new Rng(w.seed, 5);
  const { proposals: n, bigCall, smallCall } = w.spec;
  const t = timeline(190, 61, n);
  const slot = Math.floor((at(61) - at(190)) / n / 8);
  const proposalRows: Row[] = [];
  const partnerRows: Row[] = [];
  const lineRows: Row[] = [];
  const audit: AuditDraft[] = [];
  const others = w.calls.slice(2);
  // When the promoter marks each ballot-call proposal admissible (phase 7 uses the same timeline).
  const reviewed = timeline(REVIEW_FROM, REVIEW_TO, bigCall.proposals + smallCall.proposals);
  // Attachments and submission snapshots draw from their own stream: the proposals' ids stay as they were.
  const extra = new Rng(w.seed, 9);
  const files = new Files(w, extra);
  const submissionRows: Row[] = [];
  for (let i = 0; i < n; i++) {
    // Proposals 0…B-1 go to the big call, the next S to the small one, the rest round the other calls.
    const callIndex = i < bigCall.proposals ? 0 : i < bigCall.proposals + smallCall.proposals ? 1 : -1;
    const call = callIndex >= 0 ? w.calls[callIndex] : others[(i - bigCall.proposals - smallCall.proposals) % others.length];
    const indexInCall = callIndex === 0 ? i : callIndex === 1 ? i - bigCall.proposals : -1;
    const co = w.coalitions[call.coalition];
    // Members 1… (0 is the promoter). Ballot calls: three partners chosen outside the proposal's voters.
    const candidates = co.members.length - 1;
    const partnerCount = call.ballots ? 3 : 1 + rng.int(2);
    const chosen: number[] = [];
    let probe = call.ballots ? (3 * indexInCall + 1) % candidates : rng.int(candidates);
    for (let guard = 0; chosen.length < Math.min(partnerCount, candidates); guard++) {
      if (guard > 10 * candidates) throw new Error(`no partners without a conflict of interest for proposal ${i}`);
      const memberIndex = probe; // index among the non-promoter members, = voter index for ballot calls
      if (!chosen.includes(memberIndex) && !(call.ballots && conflicts(call.ballots, memberIndex, indexInCall))) chosen.push(memberIndex);
      probe = (probe + (call.ballots ? 667 : 1 + rng.int(7))) % candidates;
    }
    const partnerOrgs = chosen.map((m) => w.orgs[co.members[1 + m].orgIndex]);
    const lead = partnerOrgs[0];
    const id = rng.uuid();
    const topic = rng.pick(TOPICS);
    const title = `${topic[0].toUpperCase()}${topic.slice(1)} per il territorio ${i + 1}`;
    let time = t(i);
    const created = time;
    const submitted = call.ballots ? true : rng.int(10) < 7;
    const status = call.ballots ? "admissible" : submitted ? "submitted" : "draft";
    let version = 1;
    proposalRows.push(null as unknown as Row); // placed below, once version and totals are known
    const rowIndex = proposalRows.length - 1;
    audit.push({ occurredAt: iso(created), actorUserId: lead.adminUserId, organisationId: lead.id, action: "proposal.created", entityType: "proposal", entityId: id, data: { callId: call.id, title } });
    const firstPartner = partnerRows.length;
    partnerRows.push({
      id: rng.uuid(),
      proposal_id: id,
      organisation_id: lead.id,
      is_lead: true,
      status: "accepted",
      role_description: "Capofila",
      cofinancing_cents: 0,
      created_by: lead.adminUserId,
      created_at: iso(created),
    });
    const leadPartnerRow = partnerRows[partnerRows.length - 1];
    for (const org of partnerOrgs.slice(1)) {
      const invited = (time += slot);
      const accepted = (time += slot);
      partnerRows.push({
        id: rng.uuid(),
        proposal_id: id,
        organisation_id: org.id,
        is_lead: false,
        status: "accepted",
        role_description: "Partner tecnico",
        cofinancing_cents: 0,
        created_by: lead.adminUserId,
        created_at: iso(invited),
        decided_by: org.adminUserId,
        decided_at: iso(accepted),
      });
      version++;
      audit.push({
        occurredAt: iso(invited),
        actorUserId: lead.adminUserId,
        organisationId: org.id,
        action: "proposal.partner_invited",
        entityType: "proposal",
        entityId: id,
        data: { organisationId: org.id, roleDescription: "Partner tecnico", version },
      });
      version++;
      audit.push({
        occurredAt: iso(accepted),
        actorUserId: org.adminUserId,
        organisationId: org.id,
        action: "proposal.partner_accepted",
        entityType: "proposal",
        entityId: id,
        data: { organisationId: org.id, from: "invited", version },
      });
    }
    // Budget: one line per partner on the ballot calls (three), two lines of the lead elsewhere.
    const lineOrgs = call.ballots ? partnerOrgs : [lead, lead];
    const maxLine = Math.floor(call.maxRequestCents / lineOrgs.length);
    let totalCents = 0;
    const firstLine = lineRows.length;
    lineOrgs.forEach((org, position) => {
      const amount = (Math.floor(maxLine / 100 / 2) + rng.int(Math.floor(maxLine / 100 / 2))) * 100;
      totalCents += amount;
      lineRows.push({ id: rng.uuid(), proposal_id: id, organisation_id: org.id, category: CATEGORIES[(i + position) % CATEGORIES.length], description: `Voce ${position + 1}: ${topic}`, amount_cents: amount, position });
    });
    // Co-financing: 25% from the lead (the call asks 20%); the request is the rest, within the call's ceiling.
    const cofinancingCents = Math.ceil(totalCents / 4 / 100) * 100;
    leadPartnerRow.cofinancing_cents = cofinancingCents;
    const requestedCents = totalCents - cofinancingCents;
    const saved = (time += slot);
    version++;
    audit.push({
      occurredAt: iso(saved),
      actorUserId: lead.adminUserId,
      organisationId: lead.id,
      action: "proposal.budget_saved",
      entityType: "proposal",
      entityId: id,
      data: { version, lines: lineOrgs.length, totalCents, cofinancingCents, requestedCents },
    });
    // The call's required annex, uploaded by the lead before submitting (half the drafts have it too).
    let attachment: DocumentInfo | null = null;
    if (call.requirement && (submitted || extra.int(2) === 0)) {
      const when = saved + Math.floor(slot / 2);
      attachment = files.document(
        {
          kind: "proposal_attachment",
          proposal_id: id,
          organisation_id: lead.id,
          requirement_id: call.requirement.id,
          title: call.requirement.title,
          file_name: `allegato-tecnico-${i + 1}.pdf`,
          uploaded_by: lead.adminUserId,
          created_at: iso(when),
        },
        tinyPdf([`Allegato tecnico: ${title}`, lead.legalName, `Durata, rischi e piano di lavoro (${topic}).`]),
      );
      audit.push({
        occurredAt: iso(when),
        actorUserId: lead.adminUserId,
        organisationId: lead.id,
        action: "proposal.attachment_uploaded",
        entityType: "proposal",
        entityId: id,
        data: { documentId: attachment.id, ...documentAuditData(attachment) },
      });
    }
    let reference: string | null = null;
    let submittedAt: number | null = null;
    let submittedEntry: AuditDraft | null = null;
    if (submitted) {
      submittedAt = time += slot;
      const year = new Date(submittedAt).getUTCFullYear();
      const prefix = `${co.slug.replace(/[^a-z]/gi, "").slice(0, 3).toUpperCase().padEnd(3, "X")}-${year}`;
      const last = (w.counters.get(prefix) ?? 0) + 1;
      w.counters.set(prefix, last);
      reference = `${prefix}-${String(last).padStart(4, "0")}`;
      version++;
      audit.push({
        occurredAt: iso(submittedAt),
        actorUserId: lead.adminUserId,
        organisationId: lead.id,
        action: "proposal.submitted",
        entityType: "proposal",
        entityId: id,
        data: { reference, requestedCents, totalCents, cofinancingCents },
      });
      submittedEntry = audit[audit.length - 1];
    }
    const submittedVersion = version;
    // The ballot calls' proposals are then marked admissible by the promoter (phase 6): one more version.
    if (call.ballots) version++;
    proposalRows[rowIndex] = {
      id,
      call_id: call.id,
      lead_organisation_id: lead.id,
      reference,
      title,
      summary: `Il progetto porta ${topic} nei comuni del patto.`,
      problem: "Servizi frammentati e costosi.",
      objectives: "Servizi condivisi, misurabili, aperti.",
      duration_months: 12 + rng.int(25),
      requested_cents: requestedCents,
      status,
      version,
      updated_at: iso(call.ballots ? reviewed(i) : time),
      updated_by: call.ballots ? call.createdBy : lead.adminUserId,
      submitted_at: submittedAt === null ? null : iso(submittedAt),
      created_by: lead.adminUserId,
      created_at: iso(created),
    };
    w.proposals.push({ id, coalition: call.coalition, leadOrg: lead, requestedCents });
    if (submittedEntry && reference !== null && submittedAt !== null) {
      // The snapshot submitProposal records (lib/documents/canonical.ts recordSubmission), whose SHA-256 the receipt prints.
      const row = proposalRows[rowIndex];
      const mine = partnerRows.slice(firstPartner);
      const lines = lineRows.slice(firstLine);
      const partners = mine.map((r) => {
        const org = partnerOrgs.find((o) => o.id === r.organisation_id)!;
        const own = lines.filter((l) => l.organisation_id === org.id);
        return { r, org, own, costCents: own.reduce((sum, l) => sum + (l.amount_cents as number), 0) };
      });
      const canonical: CanonicalSubmission = {
        format: CANONICAL_FORMAT,
        reference,
        submittedAt: iso(submittedAt).toISOString(),
        proposalVersion: submittedVersion,
        call: { id: call.id, title: call.title, coalitionName: co.name },
        proposal: {
          id,
          title,
          summary: row.summary as string,
          problem: row.problem as string,
          solutionType: null,
          objectives: row.objectives as string,
          indicators: [],
          milestones: [],
          durationMonths: row.duration_months as number,
          sectors: [],
          leadOrganisationId: lead.id,
          requestedCents,
        },
        partners: partners
          .map(({ r, org, own, costCents }) => ({
            organisationId: org.id,
            legalName: org.legalName,
            kind: org.kind,
            sizeClass: org.sizeClass,
            partitaIva: org.partitaIva,
            codiceFiscale: org.codiceFiscale,
            isLead: r.is_lead as boolean,
            roleDescription: r.role_description as string,
            contribution: "",
            cofinancingCents: r.cofinancing_cents as number,
            costCents,
            budgetLines: own
              .sort((a, b) => (a.position as number) - (b.position as number) || ((a.id as string) < (b.id as string) ? -1 : 1))
              .map((l) => ({ position: l.position as number, category: l.category as string, description: l.description as string, amountCents: l.amount_cents as number })),
          }))
          .sort((a, b) => (a.organisationId < b.organisationId ? -1 : a.organisationId > b.organisationId ? 1 : 0)),
        totals: { costCents: totalCents, cofinancingCents, requestedCents },
        attachments: attachment
          ? [{ organisationId: lead.id, requirementId: attachment.requirement_id!, title: attachment.title, fileName: attachment.file_name, mediaType: "application/pdf", sizeBytes: attachment.sizeBytes, signed: false, sha256: attachment.sha256 }]
          : [],
      };
      const text = canonicalJson(canonical);
      const sha256 = sha256Hex(text);
      submittedEntry.data.sha256 = sha256;
      submissionRows.push({
        id: extra.uuid(),
        proposal_id: id,
        proposal_version: submittedVersion,
        reference,
        submitted_at: iso(submittedAt),
        submitted_by: lead.adminUserId,
        canonical: text,
        sha256,
        attachments: attachment ? [{ title: attachment.title, fileName: attachment.file_name, sha256: attachment.sha256, organisationId: lead.id, signed: false }] : [],
      });
      if (call.past) {
        const list = w.pastSubmitted.get(call.id) ?? [];
        list.push({
          id,
          call,
          lead,
          title,
          reference,
          submittedAt,
          requestedCents,
          version: submittedVersion,
          partners: partners.map(({ r, org, own, costCents }) => ({
            org,
            costCents,
            cofinancingCents: r.cofinancing_cents as number,
            lines: own.map((l) => ({ id: l.id as string, amountCents: l.amount_cents as number })),
          })),
          row,
        });
        w.pastSubmitted.set(call.id, list);
      }
    }
    if (call.ballots) {
      const list = w.ballotProposals.get(call.id) ?? [];
      list.push({ id, call, index: indexInCall, version });
      w.ballotProposals.set(call.id, list);
    }
  }
  const counterRows = [...w.counters.entries()].map(([key, last]) => ({ key, last }));
  // The past calls' history is decided now: it settles their proposals' final status, written with these rows.
  w.history = historyOf(w);
  return {
    tables: [
      ["proposals", proposalRows],
      ["proposal_partners", partnerRows],
      ["proposal_budget_lines", lineRows],
      ["proposal_reference_counters", counterRows],
      ...files.tables(),
      ["proposal_submissions", submissionRows],
    ],
    audit,
  };
}

// ---------------------------------------------------------------------------------------------
// Phase 6: incentives — a de minimis programme per coalition and a few regional ones, applications
// of proposal leads (one proposal in 20), and de minimis aid declared by one firm in six

export function incentivesPhase(w: World): PhaseOutput {
  const rng = new Rng(w.seed, 6);
  const n = w.spec.coalitions;
  const regional = Math.max(1, Math.round(n / 5));
  const applications = w.proposals.filter((_, i) => i % 20 === 5);
  const declarers = w.orgs.filter((o, i) => o.kind === "firm" && i % 6 === 0);
  const total = n + regional + applications.length + declarers.length;
  const t = timeline(60, 56, total);
  let k = 0;
  const programmeRows: Row[] = [];
  const applicationRows: Row[] = [];
  const aidRows: Row[] = [];
  const audit: AuditDraft[] = [];
  const programmeOf: string[] = [];
  const MAX_AID = 4_000_000;
  for (let p = 0; p < n + regional; p++) {
    const id = rng.uuid();
    const coalition = p < n ? w.coalitions[p] : null;
    const creator = coalition ? w.orgs[coalition.promoter] : null;
    const createdBy = creator?.adminUserId ?? w.users[0];
    const created = t(k++);
    const columns = {
      name: coalition ? `Voucher digitale del distretto ${p + 1}` : `Misura regionale ${p - n + 1}: ${rng.pick(TOPICS)}`,
      authority: coalition ? `Distretto digitale ${p + 1}` : "Regione / Finanziaria regionale",
      level: coalition ? "pact" : "regional",
      fund: "FESR 2021-27",
      aidRegime: "de_minimis",
      procedure: "first_come",
      maxIntensityMicroBp: 5000,
      maxIntensitySmallBp: 5000,
      maxIntensityMediumBp: 4000,
      maxIntensityLargeBp: 3000,
      maxIntensityOtherBp: 5000,
      minEligibleCents: 500_000,
      maxEligibleCents: 0,
      maxAidCents: MAX_AID,
      opensAt: iso(at(100)).toISOString(),
      closesAt: iso(at(-365)).toISOString(),
    };
    programmeRows.push({
      id,
      coalition_id: coalition?.id ?? null,
      name: columns.name,
      description: "Contributo a fondo perduto per progetti digitali.",
      authority: columns.authority,
      level: columns.level,
      fund: columns.fund,
      aid_regime: columns.aidRegime,
      procedure: columns.procedure,
      max_intensity_micro_bp: 5000,
      max_intensity_small_bp: 5000,
      max_intensity_medium_bp: 4000,
      max_intensity_large_bp: 3000,
      max_intensity_other_bp: 5000,
      min_eligible_cents: columns.minEligibleCents,
      max_eligible_cents: 0,
      max_aid_cents: MAX_AID,
      opens_at: iso(at(100)),
      closes_at: iso(at(-365)),
      created_by: createdBy,
      created_at: iso(created),
      updated_at: iso(created),
    });
    programmeOf.push(id);
    audit.push({
      occurredAt: iso(created),
      actorUserId: createdBy,
      organisationId: creator?.id ?? null,
      action: "incentive_programme.created",
      entityType: "incentive_programme",
      entityId: id,
      data: { coalitionId: coalition?.id ?? null, after: columns },
    });
  }
  for (const proposal of applications) {
    const id = rng.uuid();
    const created = t(k++);
    const programmeId = rng.int(3) === 0 ? programmeOf[n + rng.int(regional)] : programmeOf[proposal.coalition];
    const eligibleCostCents = Math.max(500_000, proposal.requestedCents);
    const requestedCents = Math.min(MAX_AID, Math.floor(eligibleCostCents / 2 / 100) * 100);
    const status = rng.int(2) === 0 ? "planned" : "preparing";
    const title = `Domanda di contributo ${k}`;
    const plannedGrantDate = "2027-03-01";
    applicationRows.push({
      id,
      programme_id: programmeId,
      organisation_id: proposal.leadOrg.id,
      proposal_id: proposal.id,
      title,
      status,
      eligible_cost_cents: eligibleCostCents,
      requested_cents: requestedCents,
      planned_grant_date: plannedGrantDate,
      version: 1,
      created_by: proposal.leadOrg.adminUserId,
      created_at: iso(created),
      updated_at: iso(created),
    });
    audit.push({
      occurredAt: iso(created),
      actorUserId: proposal.leadOrg.adminUserId,
      organisationId: proposal.leadOrg.id,
      action: "incentive_application.created",
      entityType: "incentive_application",
      entityId: id,
      data: { programmeId, proposalId: proposal.id, title, status, eligibleCostCents, requestedCents, plannedGrantDate },
    });
  }
  for (const org of declarers) {
    const id = rng.uuid();
    const created = t(k++);
    const after = {
      grantedOn: `2025-${String(1 + rng.int(12)).padStart(2, "0")}-15`,
      authority: "Camera di commercio",
      description: "Voucher digitalizzazione",
      amountCents: (5_000 + rng.int(50) * 1_000) * 100,
      cor: null,
    };
    aidRows.push({
      id,
      organisation_id: org.id,
      source: "declared",
      granted_on: after.grantedOn,
      authority: after.authority,
      description: after.description,
      amount_cents: after.amountCents,
      created_by: org.adminUserId,
      created_at: iso(created),
    });
    audit.push({ occurredAt: iso(created), actorUserId: org.adminUserId, organisationId: org.id, action: "de_minimis_aid.declared", entityType: "de_minimis_aid", entityId: id, data: { after } });
  }
  return {
    tables: [
      ["incentive_programmes", programmeRows],
      ["incentive_applications", applicationRows],
      ["de_minimis_aid", aidRows],
    ],
    audit,
  };
}

// ---------------------------------------------------------------------------------------------
// Phase 7: the past calls' history (56 to 36 days before BASE_TIME) — admissibility, voters
// snapshotted, ballots, results published with their receipts, the pact's grants with their
// concession, advances, expense reports and interim tranches — and the clarifications (FAQ) of
// the open calls; the notifications those events (and the coalitions' invitations) left in inboxes. Built by
// historyOf() at the end of the proposals phase, which writes the proposals' final status.

const SUPPLIERS = ["Tecnoservizi S.r.l.", "Rete Nord S.p.A.", "Studio Informatica Bianchi", "Cloud Italia S.r.l.", "Formazione & Lavoro S.c.a.r.l."];
const dateOf = (ms: number) => iso(ms).toISOString().slice(0, 10);
const addMonths = (day: string, months: number) => {
  const d = new Date(`${day}T00:00:00.000Z`);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d.toISOString().slice(0, 10);
};

type Money = { status: string; grantedCents: number; revokedCents: number; paidCents: number; acceptedCents: number };

function historyOf(w: World): PhaseOutput {
  const rng = new Rng(w.seed, 10);
  const files = new Files(w, rng);
  const audit: AuditDraft[] = [];
  const t: Record<string, Row[]> = {
    call_voter_snapshots: [],
    call_voters: [],
    ballots: [],
    call_results: [],
    call_result_receipts: [],
    grants: [],
    tranches: [],
    expense_reports: [],
    expense_lines: [],
    call_questions: [],
    notifications: [],
  };
  const told = new Set<string>();
  const notify = (userIds: string[], except: string, n: { kind: string; params: Record<string, string | number>; href: string; dedupeKey: string }, at: number) => {
    for (const userId of userIds) {
      if (userId === except || told.has(`${userId}:${n.dedupeKey}`)) continue;
      told.add(`${userId}:${n.dedupeKey}`);
      // About half of them read within a few days.
      const readAt = rng.int(2) === 0 ? iso(at + (1 + rng.int(72)) * 3_600_000) : null;
      t.notifications.push({ id: rng.uuid(), user_id: userId, kind: n.kind, params: n.params, href: n.href, dedupe_key: n.dedupeKey, email_state: "none", read_at: readAt, created_at: iso(at) });
    }
  };
  const orgById = new Map(w.orgs.map((o) => [o.id, o]));
  const peopleOf = (orgIds: Iterable<string>) => {
    const byId = orgById;
    return [...new Set([...orgIds].flatMap((id) => byId.get(id)?.memberUserIds ?? []))];
  };
  // Each member organisation's people were told of its coalition's invitation (most have read it since).
  for (const inv of w.invitations) {
    for (const userId of inv.organisation.memberUserIds) {
      const readAt = rng.int(10) < 9 ? iso(inv.sentAt + (1 + rng.int(48)) * 3_600_000) : null;
      t.notifications.push({
        id: rng.uuid(),
        user_id: userId,
        kind: "coalition_invitation",
        params: { coalition: inv.coalition, organisation: inv.organisation.legalName },
        href: "/desk",
        dedupe_key: `coalition_invitation:${inv.requestId}`,
        email_state: "none",
        read_at: readAt,
        created_at: iso(inv.sentAt),
      });
    }
  }
  const past = w.calls.filter((c) => c.past);
  const totalSubmitted = past.reduce((s, c) => s + (w.pastSubmitted.get(c.id)?.length ?? 0), 0);
  const marked = timeline(55.9, 53, totalSubmitted);
  let k = 0;
  past.forEach((call, callIndex) => {
    const pastTimes = call.past!;
    const co = w.coalitions[call.coalition];
    const promoter = w.orgs[co.promoter];
    const submitted = w.pastSubmitted.get(call.id) ?? [];
    // Admissibility: one proposal in twelve is excluded with a reason.
    const admissible: SubmittedInfo[] = [];
    for (const p of submitted) {
      const when = marked(k++);
      const ok = rng.int(12) !== 0;
      const reason = ok ? null : "Documentazione incompleta: manca la dichiarazione de minimis.";
      p.version += 1;
      p.row.version = p.version;
      p.row.status = ok ? "admissible" : "inadmissible";
      p.row.status_reason = reason;
      p.row.updated_at = iso(when);
      p.row.updated_by = call.createdBy;
      if (ok) admissible.push(p);
      audit.push({
        occurredAt: iso(when),
        actorUserId: call.createdBy,
        organisationId: promoter.id,
        action: "proposal.admissibility_marked",
        entityType: "proposal",
        entityId: p.id,
        data: { before: "submitted", after: ok ? "admissible" : "inadmissible", reason, version: p.version },
      });
      notify(
        peopleOf(p.partners.map((x) => x.org.id)),
        call.createdBy,
        { kind: "admissibility_decided", params: { proposal: p.title, outcome: ok ? "admitted" : "excluded", reason: reason ?? "" }, href: `/proposals/${p.id}`, dedupeKey: `admissibility_decided:${p.id}:v${p.version}` },
        when,
      );
    }
    // Voting opens: the members and their weights are snapshotted.
    const snapAt = pastTimes.votingOpensAt + callIndex * 60_000;
    t.call_voter_snapshots.push({ call_id: call.id, taken_at: iso(snapAt) });
    let eligibleWeight = 0;
    for (const m of co.members) {
      t.call_voters.push({ call_id: call.id, organisation_id: m.organisationId, weight: m.weight });
      eligibleWeight += m.weight;
    }
    audit.push({
      occurredAt: iso(snapAt),
      actorUserId: call.createdBy,
      organisationId: call.promoterOrganisationId,
      action: "call.voters_snapshotted",
      entityType: "call",
      entityId: call.id,
      data: { voters: co.members.length, eligibleWeight },
    });
    // Ballots: six members in ten vote, each on about half the proposals it is no partner of.
    type Cast = { org: Org; castBy: string; weight: number; proposal: SubmittedInfo; value: number; hash: string; id: string };
    const casts: Cast[] = [];
    let turnoutWeight = 0;
    for (const m of co.members) {
      if (rng.int(10) >= 6) continue;
      const org = w.orgs[m.orgIndex];
      let voted = false;
      for (const p of admissible) {
        if (p.partners.some((x) => x.org.id === org.id) || rng.int(2) === 0) continue;
        const value = call.votingMethod === "score" ? rng.int(6) : rng.pick([1, 1, 1, -1, 0]);
        casts.push({ org, castBy: org.memberUserIds[1] ?? org.adminUserId, weight: m.weight, proposal: p, value, hash: receiptHashOf(rng.token(), p.id, value), id: rng.uuid() });
        voted = true;
      }
      if (voted) turnoutWeight += m.weight;
    }
    const castTime = timeline(51.9, 47.1, casts.length);
    casts.forEach((c, i) => {
      const when = iso(castTime(i));
      t.ballots.push({ id: c.id, call_id: call.id, proposal_id: c.proposal.id, organisation_id: c.org.id, cast_by: c.castBy, value: c.value, receipt_hash: c.hash, revision: 1, created_at: when, updated_at: when });
      audit.push({ occurredAt: when, actorUserId: c.castBy, organisationId: c.org.id, action: "ballot.cast", entityType: "ballot", entityId: c.id, data: { callId: call.id, proposalId: c.proposal.id, revision: 1 } });
    });
    // The count (lib/voting/service.ts writeResults), from the same pure ranking and allocation.
    const rows: TallyRow[] = admissible.map((p) => {
      const mine = casts.filter((c) => c.proposal === p);
      const num = mine.reduce((s, c) => s + c.weight * c.value, 0);
      const den = mine.reduce((s, c) => s + c.weight, 0);
      return {
        proposalId: p.id,
        reference: p.reference,
        title: p.title,
        leadName: p.lead.legalName,
        requestedCents: p.requestedCents,
        submittedAt: iso(p.submittedAt),
        value: call.votingMethod === "approval" ? { num, den: 1 } : den > 0 ? { num, den } : { num: 0, den: 1 },
        ballots: mine.length,
      };
    });
    const quorumReached = isQuorumReached({ turnoutWeight, eligibleWeight, quorumBp: call.quorumBp });
    const allocation = allocate(rank(rows), call.budgetCents, quorumReached);
    const hashes = casts.map((c) => c.hash).sort();
    const fingerprint = fingerprintOf(hashes);
    const at0 = pastTimes.resultsAt;
    hashes.forEach((h, position) => t.call_result_receipts.push({ call_id: call.id, version: 1, position, receipt_hash: h }));
    t.call_results.push({
      id: rng.uuid(),
      call_id: call.id,
      version: 1,
      reason: null,
      voting_method: call.votingMethod,
      eligible_weight: eligibleWeight,
      turnout_weight: turnoutWeight,
      quorum_bp: call.quorumBp,
      quorum_reached: quorumReached,
      budget_cents: call.budgetCents,
      allocated_cents: allocation.allocatedCents,
      skipped_cents: allocation.skippedCents,
      ranking: toEntries(allocation),
      fingerprint,
      ballot_count: hashes.length,
      published_by: call.createdBy,
      published_at: iso(at0),
    });
    const byId = new Map(admissible.map((p) => [p.id, p]));
    const selected = allocation.entries.filter((e) => e.outcome === "allocated").map((e) => e.proposalId);
    const notSelected = allocation.entries.filter((e) => e.outcome !== "allocated").map((e) => e.proposalId);
    for (const [status, ids] of [["selected", selected], ["not_selected", notSelected]] as const) {
      for (const id of ids) {
        const p = byId.get(id)!;
        p.row.status = status;
        p.row.status_reason = null;
        p.row.updated_at = iso(at0);
        p.row.updated_by = call.createdBy;
        audit.push({ occurredAt: iso(at0), actorUserId: call.createdBy, organisationId: null, action: "proposal.selection_decided", entityType: "proposal", entityId: id, data: { callId: call.id, status, resultsVersion: 1 } });
      }
    }
    // The pact's grants: one per partner of each funded proposal (lib/incentives/grants.ts createGrantsForResults).
    const made: { row: Row; money: Money; p: SubmittedInfo; lines: { id: string; amountCents: number }[] }[] = [];
    for (const e of allocation.entries.filter((x) => x.outcome === "allocated")) {
      const p = byId.get(e.proposalId)!;
      const shares = splitAllocation(
        e.allocatedCents,
        p.partners.map((x) => ({ organisationId: x.org.id, costCents: x.costCents, cofinancingCents: x.cofinancingCents })),
      );
      for (const share of shares) {
        const id = rng.uuid();
        const row: Row = {
          id,
          call_id: call.id,
          proposal_id: p.id,
          organisation_id: share.organisationId,
          results_version: 1,
          status: "granted",
          eligible_cost_cents: share.eligibleCostCents,
          granted_cents: share.grantedCents,
          revoked_cents: 0,
          paid_cents: 0,
          accepted_cents: 0,
          version: 1,
          created_by: call.createdBy,
          created_at: iso(at0),
          updated_at: iso(at0),
        };
        t.grants.push(row);
        made.push({
          row,
          money: { status: "granted", grantedCents: share.grantedCents, revokedCents: 0, paidCents: 0, acceptedCents: 0 },
          p,
          lines: p.partners.find((x) => x.org.id === share.organisationId)!.lines,
        });
        audit.push({
          occurredAt: iso(at0),
          actorUserId: call.createdBy,
          organisationId: share.organisationId,
          action: "grant.created",
          entityType: "grant",
          entityId: id,
          data: { callId: call.id, proposalId: p.id, resultsVersion: 1, allocationCents: e.allocatedCents, after: { eligibleCostCents: share.eligibleCostCents, grantedCents: share.grantedCents, status: "granted" } },
        });
      }
    }
    // Last in the results' transaction: the decision, kept with its anchor.
    audit.push({
      occurredAt: iso(at0),
      actorUserId: call.createdBy,
      organisationId: null,
      action: "call.results_published",
      entityType: "call",
      entityId: call.id,
      data: { version: 1, reason: null, fingerprint, ballots: hashes.length, turnoutWeight, eligibleWeight, quorumReached, selected },
      anchor: { version: 1 },
    });
    const partnerOrgs = submitted.flatMap((p) => p.partners.map((x) => x.org.id));
    notify(
      peopleOf([...co.members.map((m) => m.organisationId), ...partnerOrgs]),
      call.createdBy,
      { kind: "results_published", params: { call: call.title, coalition: co.name, version: 1 }, href: `/calls/${call.id}/results`, dedupeKey: `results_published:${call.id}:v1` },
      at0,
    );
    // What followed on each grant: the concession, an advance on two grants in three, an expense
    // report on half of them (a draft, submitted, or reviewed and paid by an interim tranche).
    made.forEach((g, gi) => {
      const row = g.row;
      const org = orgById.get(row.organisation_id as string)!;
      const representative = org.memberUserIds[1] ?? org.adminUserId;
      const step = (days: number) => at0 + days * DAY + gi * 60_000;
      const moneyBefore = () => ({ ...g.money });
      const touch = (when: number) => (row.updated_at = iso(when));
      const actDay = step(1);
      const after = {
        actNumber: `Determinazione n. ${callIndex * 100 + gi + 1}/2026`,
        actDate: dateOf(actDay),
        cup: `J${Array.from({ length: 14 }, () => "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789"[rng.int(34)]).join("")}`,
        startsOn: dateOf(actDay),
        endsOn: addMonths(dateOf(actDay), 12),
        finalReportDueOn: addMonths(dateOf(actDay), 14),
      };
      Object.assign(row, { act_number: after.actNumber, act_date: after.actDate, cup: after.cup, starts_on: after.startsOn, ends_on: after.endsOn, final_report_due_on: after.finalReportDueOn });
      row.version = (row.version as number) + 1;
      touch(actDay);
      audit.push({
        occurredAt: iso(actDay),
        actorUserId: call.createdBy,
        organisationId: org.id,
        action: "grant.concession_recorded",
        entityType: "grant",
        entityId: row.id as string,
        data: { before: { actNumber: null, actDate: null, cup: null, startsOn: null, endsOn: null, finalReportDueOn: null }, after },
      });
      const pay = (kind: "advance" | "interim", amountCents: number, when: number, reportId: string | null) => {
        const before = moneyBefore();
        g.money.paidCents += amountCents;
        g.money.status = "in_progress";
        const trancheId = rng.uuid();
        const guarantee = kind === "advance" ? `Fideiussione bancaria n. ${1000 + gi}, Banca del territorio` : null;
        t.tranches.push({ id: trancheId, grant_id: row.id, kind, amount_cents: amountCents, report_id: reportId, guarantee, paid_on: dateOf(when), note: "", created_by: call.createdBy, created_at: iso(when) });
        row.paid_cents = g.money.paidCents;
        row.status = g.money.status;
        row.version = (row.version as number) + 1;
        touch(when);
        audit.push({
          occurredAt: iso(when),
          actorUserId: call.createdBy,
          organisationId: org.id,
          action: "grant.tranche_paid",
          entityType: "grant",
          entityId: row.id as string,
          data: { trancheId, kind, amountCents, paidOn: dateOf(when), guarantee, reportId, before, after: { ...g.money } },
        });
      };
      if (gi % 3 !== 2) {
        const advance = advanceCeilingCents(g.money.grantedCents, call.advanceMaxBp);
        if (advance > 0) pay("advance", advance, step(3), null);
      }
      if (gi % 2 !== 0) return;
      // SAL n. 1: one or two invoices against the partner's own budget lines.
      const reportId = rng.uuid();
      const report: Row = { id: reportId, grant_id: row.id, number: 1, is_final: false, status: "draft", version: 1, created_by: representative, created_at: iso(step(5)), updated_at: iso(step(5)) };
      t.expense_reports.push(report);
      audit.push({
        occurredAt: iso(step(5)),
        actorUserId: representative,
        organisationId: org.id,
        action: "expense_report.created",
        entityType: "grant",
        entityId: row.id as string,
        data: { reportId, number: 1, isFinal: false, before: {}, after: { status: "draft" } },
      });
      const lines: Row[] = [];
      g.lines.slice(0, 1 + rng.int(2)).forEach((budgetLine, position) => {
        const when = step(5) + (position + 1) * 3_600_000;
        const supplier = rng.pick(SUPPLIERS);
        const invoiceNumber = `FT-${2026}-${String(rng.int(10_000)).padStart(4, "0")}`;
        const invoiceDate = dateOf(step(4));
        const amountCents = Math.max(100, Math.floor((budgetLine.amountCents * (30 + rng.int(21))) / 100 / 100) * 100);
        const doc = files.document(
          { kind: "invoice", organisation_id: org.id, title: `${invoiceNumber} — ${supplier}`, file_name: `fattura-${invoiceNumber}.pdf`, uploaded_by: representative, created_at: iso(when) },
          tinyPdf([`Fattura ${invoiceNumber}`, supplier, `Cliente: ${org.legalName}`, `Importo: ${amountCents / 100} euro`]),
        );
        const line: Row = {
          id: rng.uuid(),
          report_id: reportId,
          budget_line_id: budgetLine.id,
          supplier,
          invoice_number: invoiceNumber,
          invoice_date: invoiceDate,
          amount_cents: amountCents,
          document_id: doc.id,
          review: "pending",
          accepted_cents: null,
          cut_reason: null,
          position: position + 1,
          created_at: iso(when),
        };
        lines.push(line);
        t.expense_lines.push(line);
        report.version = (report.version as number) + 1;
        report.updated_at = iso(when);
        const lineData = { lineId: line.id, budgetLineId: budgetLine.id, supplier, invoiceNumber, invoiceDate, amountCents, documentId: doc.id };
        audit.push({
          occurredAt: iso(when),
          actorUserId: representative,
          organisationId: org.id,
          action: "expense_report.line_added",
          entityType: "grant",
          entityId: row.id as string,
          data: { reportId, number: 1, ...lineData, invoice: documentAuditData(doc), before: {}, after: lineData },
        });
      });
      if (gi % 4 === 2) return; // still a draft
      const claimedCents = lines.reduce((s, l) => s + (l.amount_cents as number), 0);
      const submittedAt = step(6);
      const grantBefore = g.money.status;
      g.money.status = "in_progress";
      row.status = "in_progress";
      touch(submittedAt);
      Object.assign(report, { status: "submitted", submitted_at: iso(submittedAt), submitted_by: representative, version: (report.version as number) + 1, updated_at: iso(submittedAt) });
      audit.push({
        occurredAt: iso(submittedAt),
        actorUserId: representative,
        organisationId: org.id,
        action: "expense_report.submitted",
        entityType: "grant",
        entityId: row.id as string,
        data: {
          reportId,
          number: 1,
          isFinal: false,
          lines: lines.length,
          claimedCents,
          before: { reportStatus: "draft", grantStatus: grantBefore },
          after: { reportStatus: "submitted", grantStatus: "in_progress" },
        },
      });
      if (gi % 8 === 4) return; // under review
      for (const line of lines) {
        const when = step(8);
        const review = { review: "accepted", acceptedCents: line.amount_cents as number, cutReason: null };
        Object.assign(line, { review: "accepted", accepted_cents: line.amount_cents });
        report.version = (report.version as number) + 1;
        audit.push({
          occurredAt: iso(when),
          actorUserId: call.createdBy,
          organisationId: org.id,
          action: "expense_report.line_reviewed",
          entityType: "grant",
          entityId: row.id as string,
          data: {
            reportId,
            number: 1,
            lineId: line.id,
            supplier: line.supplier,
            invoiceNumber: line.invoice_number,
            amountCents: line.amount_cents,
            before: { review: "pending", acceptedCents: null, cutReason: null },
            after: review,
          },
        });
      }
      const reviewedAt = step(8) + 3_600_000;
      const acceptedBefore = g.money.acceptedCents;
      g.money.acceptedCents += claimedCents;
      row.accepted_cents = g.money.acceptedCents;
      touch(reviewedAt);
      Object.assign(report, { status: "reviewed", reviewed_at: iso(reviewedAt), reviewed_by: call.createdBy, version: (report.version as number) + 1, updated_at: iso(reviewedAt) });
      audit.push({
        occurredAt: iso(reviewedAt),
        actorUserId: call.createdBy,
        organisationId: org.id,
        action: "expense_report.reviewed",
        entityType: "grant",
        entityId: row.id as string,
        data: {
          reportId,
          number: 1,
          isFinal: false,
          claimedCents,
          reportAcceptedCents: claimedCents,
          before: { reportStatus: "submitted", acceptedCents: acceptedBefore },
          after: { reportStatus: "reviewed", acceptedCents: g.money.acceptedCents },
        },
      });
      const interim = interimCeilingCents({ ...g.money, eligibleCostCents: row.eligible_cost_cents as number });
      if (interim > 0) pay("interim", interim, step(9), reportId);
    });
  });
  // Clarifications on a third of the open calls: asked by a member, most answered and published.
  const open = w.calls.filter((c) => !c.past && !c.ballots);
  const asked = timeline(55.5, 42, open.length);
  open.forEach((call, ci) => {
    if (rng.int(3) !== 0) return;
    const co = w.coalitions[call.coalition];
    const promoter = w.orgs[co.promoter];
    const count = 1 + rng.int(3);
    let number = 0;
    for (let q = 0; q < count; q++) {
      const member = co.members[1 + rng.int(co.members.length - 1)];
      const org = w.orgs[member.orgIndex];
      const id = rng.uuid();
      const when = asked(ci) + q * 3 * 3_600_000;
      const question = `Le spese di ${rng.pick(TOPICS)} sono ammissibili se sostenute prima della domanda? (${q + 1})`;
      const row: Row = { id, call_id: call.id, question, asked_by: org.adminUserId, asked_by_organisation_id: org.id, asked_at: iso(when) };
      t.call_questions.push(row);
      audit.push({ occurredAt: iso(when), actorUserId: org.adminUserId, organisationId: org.id, action: "call.question_asked", entityType: "call_question", entityId: id, data: { callId: call.id } });
      if (rng.int(5) === 0) continue; // not answered yet
      const answer = "Sì, se sostenute dopo la pubblicazione del bando e documentate da fattura.";
      const answeredAt = when + DAY;
      const publishedAt = answeredAt + 3_600_000;
      number++;
      Object.assign(row, { public_question: question, answer, answered_by: promoter.adminUserId, answered_at: iso(answeredAt), published_at: iso(publishedAt), number });
      audit.push({
        occurredAt: iso(answeredAt),
        actorUserId: promoter.adminUserId,
        organisationId: promoter.id,
        action: "call.question_answered",
        entityType: "call_question",
        entityId: id,
        data: { callId: call.id, publicQuestion: question, answer, reworded: false },
      });
      audit.push({
        occurredAt: iso(publishedAt),
        actorUserId: promoter.adminUserId,
        organisationId: promoter.id,
        action: "call.question_published",
        entityType: "call_question",
        entityId: id,
        data: { callId: call.id, number, publicQuestion: question, answer },
      });
    }
  });
  const [blobs, documents] = files.tables();
  return {
    tables: [
      ["call_voter_snapshots", t.call_voter_snapshots],
      ["call_voters", t.call_voters],
      ["ballots", t.ballots],
      ["call_results", t.call_results],
      ["call_result_receipts", t.call_result_receipts],
      ["grants", t.grants],
      blobs,
      documents,
      ["expense_reports", t.expense_reports],
      ["expense_lines", t.expense_lines],
      ["tranches", t.tranches],
      ["call_questions", t.call_questions],
      ["notifications", t.notifications],
    ],
    audit: byTime(audit),
  };
}

/** Phase 7's rows and entries (decided at the end of the proposals phase). */
export function resultsPhase(w: World): PhaseOutput {
  if (!w.history) throw new Error("the results phase runs after the proposals phase");
  const out = w.history;
  w.history = undefined;
  return out;
}

// ---------------------------------------------------------------------------------------------
// Phase 8: review (admissibility) of the ballot calls' proposals, voters snapshotted as voting opens

export function reviewPhase(w: World): PhaseOutput {
  const ballotCalls = w.calls.filter((c) => c.ballots);
  const proposalCount = ballotCalls.reduce((s, c) => s + (w.ballotProposals.get(c.id)?.length ?? 0), 0);
  const t = timeline(REVIEW_FROM, REVIEW_TO, proposalCount);
  const audit: AuditDraft[] = [];
  const snapshotRows: Row[] = [];
  const voterRows: Row[] = [];
  let k = 0;
  for (const call of ballotCalls) {
    for (const p of w.ballotProposals.get(call.id) ?? []) {
      audit.push({
        occurredAt: iso(t(k++)),
        actorUserId: call.createdBy,
        organisationId: call.promoterOrganisationId,
        action: "proposal.admissibility_marked",
        entityType: "proposal",
        entityId: p.id,
        data: { before: "submitted", after: "admissible", reason: null, version: p.version },
      });
    }
  }
  ballotCalls.forEach((call, i) => {
    const co = w.coalitions[call.coalition];
    const takenAt = at(30) + i * 60_000;
    snapshotRows.push({ call_id: call.id, taken_at: iso(takenAt) });
    let weight = 0;
    for (const m of co.members) {
      voterRows.push({ call_id: call.id, organisation_id: m.organisationId, weight: m.weight });
      weight += m.weight;
    }
    audit.push({
      occurredAt: iso(takenAt),
      actorUserId: call.createdBy,
      organisationId: call.promoterOrganisationId,
      action: "call.voters_snapshotted",
      entityType: "call",
      entityId: call.id,
      data: { voters: co.members.length, eligibleWeight: weight },
    });
  });
  return {
    tables: [
      ["call_voter_snapshots", snapshotRows],
      ["call_voters", voterRows],
    ],
    audit,
  };
}

// ---------------------------------------------------------------------------------------------
// Phase 9: ballots, streamed in batches (200,000 rows do not sit in memory at once)

export function ballotCount(spec: ScaleSpec): number {
  return spec.bigCall.proposals * spec.bigCall.ballotsPerProposal + spec.smallCall.proposals * spec.smallCall.ballotsPerProposal;
}

/** Ballots and their `ballot.cast` entries, voter by voter, `batchSize` at a time, timestamps increasing. */
export function* ballotsPhase(w: World, batchSize = 10_000): Generator<PhaseOutput> {
  const rng = new Rng(w.seed, 7);
  const total = ballotCount(w.spec);
  const t = timeline(29, 1, total);
  let k = 0;
  let rows: Row[] = [];
  let audit: AuditDraft[] = [];
  for (const call of w.calls.filter((c) => c.ballots)) {
    const spec = call.ballots!;
    const proposals = w.ballotProposals.get(call.id) ?? [];
    const co = w.coalitions[call.coalition];
    for (let v = 0; v < spec.voters; v++) {
      const org = w.orgs[co.members[1 + v].orgIndex];
      // The organisation's representative (its second person) casts; a one-person organisation's admin.
      const castBy = org.memberUserIds[1] ?? org.adminUserId;
      for (const p of votesOf(spec, v)) {
        const proposal = proposals[p];
        const value = spec.method === "score" ? rng.int(6) : rng.pick([1, 1, 1, -1, 0]);
        const id = rng.uuid();
        const cast = iso(t(k++));
        rows.push({
          id,
          call_id: call.id,
          proposal_id: proposal.id,
          organisation_id: org.id,
          cast_by: castBy,
          value,
          receipt_hash: receiptHashOf(rng.token(), proposal.id, value),
          revision: 1,
          created_at: cast,
          updated_at: cast,
        });
        audit.push({ occurredAt: cast, actorUserId: castBy, organisationId: org.id, action: "ballot.cast", entityType: "ballot", entityId: id, data: { callId: call.id, proposalId: proposal.id, revision: 1 } });
        if (rows.length >= batchSize) {
          yield { tables: [["ballots", rows]], audit };
          rows = [];
          audit = [];
        }
      }
    }
  }
  if (rows.length > 0) yield { tables: [["ballots", rows]], audit };
}

/** The phases in order, each a function of the world the earlier ones built. */
export const PHASES: [name: string, run: (w: World) => PhaseOutput | Generator<PhaseOutput>][] = [
  ["people", people],
  ["organisations", organisationsPhase],
  ["coalitions", coalitionsPhase],
  ["calls", callsPhase],
  ["proposals", proposalsPhase],
  ["incentives", incentivesPhase],
  ["results", resultsPhase],
  ["review", reviewPhase],
  ["ballots", (w) => ballotsPhase(w)],
];
