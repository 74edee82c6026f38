import { expect, test } from "@playwright/test";
import { VOTING_CALL_TITLE } from "../../db/seed/voting-data";
import { normaliseToken, receiptHash } from "../../lib/voting/receipt";
import { callAction, databaseUrl, expectRefused, NEEDS_DATABASE, Personas, readDb, seedIds, stateFingerprint, WHO, type SeedIds } from "./helpers";

/**
 * DESIGN rules 2 and 3 under load: one ballot per organisation and proposal however many
 * requests race, and never a ballot from an organisation in conflict of interest.
 * Ballots go through the castBallot action directly, all at once.
 *
 * The chamber of commerce votes on the anti-phishing project: voting.spec.ts changes
 * that same ballot, so the turnout it expects stays the same whichever runs first.
 */

test.skip(!databaseUrl(), NEEDS_DATABASE);
test.use({ trace: "off" });

const PARALLEL = 50;
const ANTI_PHISHING = "Formazione anti-phishing per gli enti locali";
const GIORGIO = "giorgio.bertot@logisticaaltocanavese.demo";

const personas = new Personas();
let ids: SeedIds;

test.beforeAll(async () => {
  ids = await seedIds();
});
test.afterAll(() => personas.dispose());

type BallotRow = { id: string; value: number; revision: number; receipt_hash: string };

async function ballotRows(proposalId: string, organisationId: string): Promise<BallotRow[]> {
  return readDb((query) =>
    query<BallotRow>("select id, value, revision, receipt_hash from ballots where proposal_id = $1 and organisation_id = $2", [proposalId, organisationId]),
  );
}

async function castAudits(proposalId: string, organisationId: string): Promise<number> {
  return readDb(async (query) => {
    const [row] = await query<{ n: number }>(
      "select count(*)::int as n from audit_entries where action = 'ballot.cast' and organisation_id = $1 and data->>'proposalId' = $2",
      [organisationId, proposalId],
    );
    return row.n;
  });
}

test(`${PARALLEL} parallel ballots of one organisation on one proposal leave exactly one ballot, each change counted once`, async () => {
  const callId = ids.call(VOTING_CALL_TITLE);
  const proposalId = ids.proposal(ANTI_PHISHING);
  const organisationId = ids.org("cciaa");
  const before = await ballotRows(proposalId, organisationId);
  expect(before.length).toBeLessThanOrEqual(1);
  const startRevision = before[0]?.revision ?? 0;
  const auditsBefore = await castAudits(proposalId, organisationId);

  const franco = await personas.as(WHO.cciaaAdmin);
  const values = Array.from({ length: PARALLEL }, (_, i) => [1, 0, -1][i % 3]);
  const responses = await Promise.all(
    values.map((value) => callAction(franco, { action: "castBallot", args: [{ callId, proposalId, organisationId, value }], page: `/calls/${callId}/vote` })),
  );

  // Every request is a legitimate change of the same ballot: all succeed, none is lost.
  const casts = responses.map((r, i) => {
    expect(r.result?.ok, `ballot ${i}: HTTP ${r.status} ${r.body.slice(0, 300)}`).toBe(true);
    return (r.result as { ok: true; data: { token: string; revision: number; value: number } }).data;
  });
  const revisions = casts.map((c) => c.revision).sort((a, b) => a - b);
  expect(revisions, "each cast got its own revision, one after the other").toEqual(Array.from({ length: PARALLEL }, (_, i) => startRevision + i + 1));

  const after = await ballotRows(proposalId, organisationId);
  expect(after, "one ballot row per organisation and proposal").toHaveLength(1);
  const last = casts.find((c) => c.revision === startRevision + PARALLEL)!;
  expect(after[0].revision).toBe(startRevision + PARALLEL);
  expect(after[0].value, "the stored value is the last change's").toBe(last.value);
  expect(after[0].receipt_hash, "the stored receipt is the last change's").toBe(receiptHash(normaliseToken(last.token), proposalId, last.value));
  if (before[0]) expect(after[0].id, "the same row was updated").toBe(before[0].id);
  expect(await castAudits(proposalId, organisationId), "one audit entry per change").toBe(auditsBefore + PARALLEL);
});

test("organisations in conflict of interest are refused, also all at once, and nothing is written", async () => {
  const callId = ids.call(VOTING_CALL_TITLE);
  // Lead or accepted partner of the proposal (seed: voting-data.ts).
  const conflicts = [
    { who: WHO.softwareAdmin, org: "software-eporedia", proposal: "SOC condiviso per le imprese del distretto" },
    { who: WHO.universityAdmin, org: "universita", proposal: "SOC condiviso per le imprese del distretto" },
    { who: WHO.meccanicaAdmin, org: "meccanica-dora", proposal: "Backup e continuità operativa in cloud" },
    { who: GIORGIO, org: "logistica-alto-canavese", proposal: "Backup e continuità operativa in cloud" },
  ];
  const before = await stateFingerprint();
  const attempts = await Promise.all(
    conflicts.flatMap((c) =>
      Array.from({ length: 10 }, async () => {
        const response = await callAction(await personas.as(c.who), {
          action: "castBallot",
          args: [{ callId, proposalId: ids.proposal(c.proposal), organisationId: ids.org(c.org), value: 1 }],
        });
        return { c, response };
      }),
    ),
  );
  for (const { c, response } of attempts) {
    expectRefused(response, ["FORBIDDEN"], `${c.org} on ${c.proposal}`);
    expect(response.result?.ok === false && response.result.error).toBe("ballotConflictOfInterest");
  }
  for (const c of conflicts) expect(await ballotRows(ids.proposal(c.proposal), ids.org(c.org))).toEqual([]);
  expect(await stateFingerprint(), "refused ballots change nothing").toEqual(before);
});
