import { expect, test, type Page } from "@playwright/test";
import { OPEN_CALL_TITLE } from "../../db/seed/calls";
import { DEMO_COALITION, DEMO_SIGN_INS, MUNICIPALITY } from "../../db/seed/data";
import { COUNTING_CALL_TITLE, REVIEW_CALL_TITLE, VOTING_CALL_TITLE } from "../../db/seed/voting-data";
import { signIn, signOut } from "../helpers";
import {
  callAction,
  databaseUrl,
  expectOk,
  expectRefused,
  NEEDS_DATABASE,
  Personas,
  readDb,
  callFormFields,
  seedIds,
  stateFingerprint,
  WHO,
  type SeedIds,
} from "./helpers";

/**
 * Issue 8, item 9: only representatives act for an organisation. Marco Bertolino is a
 * plain member of the Città metropolitana, the promoter of the demo coalition: he reads
 * what the promoter's people read, but sees no control to run the coalition, its calls or
 * its vote, and the same server actions called directly are refused with nothing changed.
 * Named representative by the organisation's admin, he gets the controls; un-named, they go.
 */

test.skip(!databaseUrl(), NEEDS_DATABASE);
test.describe.configure({ mode: "serial" });
// Signed-in request contexts live for the whole file; a per-test trace would close them.
test.use({ trace: "off" });

const PLAIN = DEMO_SIGN_INS.promoterPlainMember;
const SOC = "SOC condiviso per le imprese del distretto";
const VETRINA = "Vetrina comune delle botteghe di Ivrea";

const personas = new Personas();
let ids: SeedIds;

const callFields = () => callFormFields(`Bando di prova dei rappresentanti ${Date.now()}`, "Un bando in bozza.");

async function isNamed(email: string): Promise<boolean> {
  return readDb(async (query) => {
    const [row] = await query<{ is_representative: boolean }>(
      "select m.is_representative from organisation_members m join users u on u.id = m.user_id where lower(u.email) = $1 and m.organisation_id = $2",
      [email.toLowerCase(), ids.org(DEMO_COALITION.promoterKey)],
    );
    return row.is_representative;
  });
}

/** The admin names (or un-names) Marco with the switch on the organisation page. */
async function setNamedInPage(page: Page, named: boolean) {
  await page.goto(`/organisations/${ids.org(DEMO_COALITION.promoterKey)}`);
  const toggle = page.getByRole("switch", { name: "Rappresentante: Marco Bertolino" });
  await expect(toggle).toBeChecked({ checked: !named });
  await (named ? toggle.check() : toggle.uncheck());
  await expect(toggle).toBeChecked({ checked: named });
  await expect.poll(() => isNamed(PLAIN)).toBe(named);
}

/** What a person of the promoter sees of the coalition's management, page by page. */
async function managementControls(page: Page) {
  const slug = DEMO_COALITION.slug;
  const voting = ids.call(VOTING_CALL_TITLE);
  await page.goto(`/coalitions/${slug}`);
  const manage = await page.locator(`a[href="/coalitions/${slug}/manage"]`).count();
  const newCall = await page.locator(`a[href="/coalitions/${slug}/calls/new"]`).count();
  await page.goto(`/coalitions/${slug}/calls/${voting}`);
  const count = await page.locator(`a[href="/calls/${voting}/count"]`).count();
  const vote = await page.locator(`a[href="/calls/${voting}/vote"]`).count();
  await page.goto(`/coalitions/${slug}/calls/${ids.call(OPEN_CALL_TITLE)}`);
  const promoterBox = await page.getByRole("heading", { name: "Per i promotori" }).count();
  return { manage, newCall, count, vote, promoterBox };
}

test.beforeAll(async () => {
  ids = await seedIds();
});
test.afterAll(async () => {
  // Leave the seed as it was, whatever happened above.
  if (ids && (await isNamed(PLAIN))) {
    await callAction(await personas.as(WHO.promoter), {
      action: "setRepresentative",
      args: [{ organisationId: ids.org(DEMO_COALITION.promoterKey), userId: ids.user(PLAIN), isRepresentative: false }],
    });
  }
  await personas.dispose();
});

test("a plain member of the promoter organisation sees no control to run the coalition, its calls or its vote", async ({ page }) => {
  await signIn(page, DEMO_SIGN_INS.promoter);
  expect(await managementControls(page)).toEqual({ manage: 1, newCall: 1, count: 1, vote: 1, promoterBox: 1 });
  await signOut(page);

  await signIn(page, PLAIN);
  expect(await managementControls(page)).toEqual({ manage: 0, newCall: 0, count: 0, vote: 0, promoterBox: 0 });
  // The pages themselves are not found for him, not merely unlinked.
  for (const path of [
    `/coalitions/${DEMO_COALITION.slug}/manage`,
    `/coalitions/${DEMO_COALITION.slug}/calls/new`,
    `/calls/${ids.call(COUNTING_CALL_TITLE)}/count`,
    `/calls/${ids.call(REVIEW_CALL_TITLE)}/review`,
  ]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(404);
  }
  // The booth says why he cannot vote, and offers no ballot.
  await page.goto(`/calls/${ids.call(VOTING_CALL_TITLE)}/vote`);
  await expect(page.getByTestId("not-a-voter")).toBeVisible();
  await expect(page.getByTestId("not-voting-reason")).toHaveAttribute("data-reason", "notRepresentative");
  await expect(page.getByTestId("not-voting-reason")).toContainText("Non rappresenti Città metropolitana di Torino");
  await expect(page.getByTestId("booth-proposal")).toHaveCount(0);
  await expect(page.getByRole("button", { name: /^(Vota|Cambia il voto)$/ })).toHaveCount(0);
  // His own organisation's page tells him who represents it, and offers him no switch.
  await page.goto(`/organisations/${ids.org(DEMO_COALITION.promoterKey)}`);
  await expect(page.getByTestId("people-table").getByRole("row", { name: /Marco Bertolino/ }).getByTestId("represents")).toHaveText("No");
  await expect(page.getByRole("switch")).toHaveCount(0);
});

test("the same actions posted directly with his session are refused, and nothing changes", async () => {
  const promoter = await personas.as(WHO.promoter);
  const plain = await personas.as(PLAIN);
  // A coalition of the same promoter with a draft call, so no demo call is touched.
  const coalition = expectOk<{ coalitionId: string }>(
    await callAction(promoter, {
      action: "createCoalition",
      args: [{ promoterOrganisationId: ids.org(DEMO_COALITION.promoterKey), name: `Patto dei rappresentanti ${Date.now()}`, description: "", territory: [MUNICIPALITY.ivrea] }],
    }),
    "the promoter's admin creates a coalition",
  );
  const draft = expectOk<{ callId: string }>(
    await callAction(promoter, { action: "createCall", args: [{ coalitionId: coalition.coalitionId, ...callFields() }] }),
    "the promoter's admin drafts a call",
  );

  const before = await stateFingerprint();
  const attempts: { action: string; args: unknown[]; error?: string }[] = [
    { action: "createCall", args: [{ coalitionId: coalition.coalitionId, ...callFields() }] },
    { action: "createCall", args: [{ coalitionId: ids.coalitionId, ...callFields() }] },
    { action: "publishCall", args: [{ callId: draft.callId }] },
    { action: "updateCall", args: [{ callId: draft.callId, ...callFields() }] },
    { action: "publishResults", args: [{ callId: ids.call(COUNTING_CALL_TITLE) }] },
    { action: "markAdmissibility", args: [{ proposalId: ids.proposal(VETRINA), admissible: true }] },
    { action: "setCoalitionMember", args: [{ coalitionId: ids.coalitionId, organisationId: ids.org("cuorgne"), role: "member", weight: 5 }] },
    {
      action: "castBallot",
      args: [{ callId: ids.call(VOTING_CALL_TITLE), proposalId: ids.proposal(SOC), organisationId: ids.org(DEMO_COALITION.promoterKey), value: 1 }],
      error: "notRepresentative",
    },
    {
      action: "createCoalition",
      args: [{ promoterOrganisationId: ids.org(DEMO_COALITION.promoterKey), name: "Patto di chi non rappresenta", description: "", territory: [MUNICIPALITY.ivrea] }],
      error: "notRepresentative",
    },
  ];
  for (const attempt of attempts) {
    const response = await callAction(plain, { action: attempt.action, args: attempt.args });
    expectRefused(response, ["FORBIDDEN"], `${attempt.action} as a plain member of the promoter`);
    if (attempt.error && response.result?.ok === false) expect(response.result.error, attempt.action).toBe(attempt.error);
  }
  expect(await stateFingerprint(), "a refused action changes nothing").toEqual(before);
});

test("named representative on the organisation page, he gets the controls; un-named, they go again", async ({ browser }) => {
  const admin = await browser.newPage();
  const member = await browser.newPage();
  await signIn(admin, DEMO_SIGN_INS.promoter);
  await signIn(member, PLAIN);

  await setNamedInPage(admin, true);
  expect(await managementControls(member)).toEqual({ manage: 1, newCall: 1, count: 1, vote: 1, promoterBox: 1 });
  const plain = await personas.as(PLAIN);
  const turnout = await callAction(plain, { action: "publishResults", args: [{ callId: ids.call(VOTING_CALL_TITLE) }] });
  // Now a promoter: refused only because the vote is still open.
  expectRefused(turnout, ["INVALID_STATE"], "publishResults during the vote as a named representative");

  await setNamedInPage(admin, false);
  expect(await managementControls(member)).toEqual({ manage: 0, newCall: 0, count: 0, vote: 0, promoterBox: 0 });
  expectRefused(await callAction(plain, { action: "publishResults", args: [{ callId: ids.call(VOTING_CALL_TITLE) }] }), ["FORBIDDEN"], "publishResults un-named");
  await admin.close();
  await member.close();
});
