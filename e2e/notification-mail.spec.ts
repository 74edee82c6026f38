import { expect, test } from "@playwright/test";
import { signInSession } from "./helpers";
import { checkPage } from "./journeys/checks";
import { capturedMail, linksOf, waitForMail } from "./mail";
import { BASE_URL, callAction, databaseUrl, expectOk, NEEDS_DATABASE, Personas, seedIds, WHO } from "./security/helpers";

/**
 * Issue 12, the triggers: an event's notification e-mail leaves over SMTP right after the
 * action's response (runService schedules it with next/server after()), to the people who
 * answer it, and its link leads to where they answer; their answer in the browser is mailed
 * back the same way. Read from what the local SMTP server captured (e2e/serve.mjs).
 */

const IVREA = "001125";

const mailTo = (to: string, text: string) => capturedMail().filter((m) => m.to.some((a) => a.toLowerCase() === to.toLowerCase()) && m.subject.includes(text));

test("an invitation to a coalition is mailed to the invited firm and leads to its desk; declining there is mailed to the promoter", async ({ page }) => {
  test.skip(!databaseUrl(), NEEDS_DATABASE);
  const ids = await seedIds();
  const personas = new Personas();
  const promoter = await personas.as(WHO.promoter);
  // A coalition of this test's own, so no other spec's invitation is in the way.
  const name = `Patto delle notifiche ${Date.now()}`;
  const { coalitionId, slug } = expectOk<{ coalitionId: string; slug: string }>(
    await callAction(promoter, { action: "createCoalition", args: [{ promoterOrganisationId: ids.org("cmto"), name, description: "", territory: [IVREA] }] }),
    "coalition created",
  );
  expectOk(
    await callAction(promoter, { action: "inviteOrganisationToCoalition", args: [{ coalitionId, organisationId: ids.org("stampi-chiusella"), role: "member", weight: 1 }] }),
    "invitation",
  );
  await personas.dispose();

  // Stampi Chiusella's admin (a confirmed address; e-mail at once is the default for invitations).
  const invitation = await waitForMail(WHO.outsider, (m) => m.subject === `Invito nella coalizione ${name} · Tavolo`);
  expect(invitation.text).toContain("Gentile Walter Bono,");
  expect(invitation.text).toContain("Stampi Chiusella S.r.l. è invitata a entrare nella coalizione");
  const link = linksOf(invitation).find((l) => l === `${BASE_URL}/desk`);
  expect(link, "the mail leads to the desk").toBeTruthy();
  // The promoter who invited is not told of their own act.
  expect(mailTo(WHO.promoter, `Invito nella coalizione ${name}`)).toEqual([]);

  await signInSession(page, WHO.outsider);
  await page.goto(link!);
  const card = page.getByTestId("desk-coalition-invitation").filter({ hasText: name });
  await expect(card).toBeVisible();
  await checkPage(page, "coalition invitation");
  await card.getByRole("button", { name: `Rifiuta l'invito di ${name}` }).click();
  await expect(page.getByTestId("desk-coalition-invitation").filter({ hasText: name })).toHaveCount(0);

  // The answer goes to the promoter's representatives, on the page where they manage the coalition.
  const answer = await waitForMail(WHO.promoter, (m) => m.subject === `Invito in ${name} rifiutato · Tavolo`);
  expect(answer.text).toContain(`Stampi Chiusella S.r.l. ha rifiutato l'invito a entrare nella coalizione ${name}.`);
  expect(linksOf(answer)).toContain(`${BASE_URL}/coalitions/${slug}/manage`);
  // Not to the firm that declined, nor to the promoter's plain member (who cannot act for it).
  expect(mailTo(WHO.outsider, `Invito in ${name} rifiutato`)).toEqual([]);
  expect(mailTo(WHO.promoterMember, name)).toEqual([]);
});
