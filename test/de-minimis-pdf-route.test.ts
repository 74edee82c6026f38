import { extractText, getDocumentProxy } from "unpdf";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { Db } from "@/db/client";
import type { Actor } from "@/lib/auth/actor";
import { setClock } from "@/lib/clock";
import { sha256Hex } from "@/lib/documents/canonical";
import { declareDeMinimisAid, withdrawDeMinimisAid } from "@/lib/incentives/service";
import { testDb } from "@/test/db";
import { addMember, createOrganisation, createUser, randomUUID, type TestOrganisation } from "@/test/factories";

// The route reads the session through getCurrentActor only, and the language cookie through next/headers.
let signedIn: Actor | null = null;
let localeCookie: string | undefined;
vi.mock("@/lib/auth/session", () => ({ getCurrentActor: async () => signedIn }));
vi.mock("next/headers", () => ({ cookies: async () => ({ get: () => (localeCookie ? { value: localeCookie } : undefined) }) }));
const { GET } = await import("@/app/api/organisations/[id]/de-minimis.pdf/route");

const NOW = new Date("2026-06-15T10:00:00Z"); // 12:00 in Rome

function download(id: string, query = "") {
  return GET(new Request(`http://localhost/api/organisations/${id}/de-minimis.pdf${query}`), { params: Promise.resolve({ id }) });
}

async function pdfText(response: Response): Promise<string> {
  const pdf = await getDocumentProxy(new Uint8Array(await response.arrayBuffer()));
  const { text } = await extractText(pdf, { mergePages: true });
  return text.replace(/\s+/g, " ");
}

let db: Db;
let org: TestOrganisation;
beforeAll(async () => {
  db = await testDb();
  setClock(NOW);
  org = await createOrganisation(db, { verified: true });
  const base = { organisationId: org.organisationId, authority: "Regione Piemonte" };
  await declareDeMinimisAid(db, org.admin.actor, { ...base, grantedOn: "2024-05-10", amount: "12.345,67", cor: "123456", description: "Voucher internazionalizzazione" });
  await declareDeMinimisAid(db, org.admin.actor, { ...base, grantedOn: "2023-06-15", amount: "1.000", authority: "Camera di commercio di Torino" });
  const { id } = await declareDeMinimisAid(db, org.admin.actor, { ...base, grantedOn: "2025-01-02", amount: "500", authority: "Comune di Ivrea" });
  await withdrawDeMinimisAid(db, org.admin.actor, { aidId: id, reason: "Dichiarato due volte" });
});

beforeEach(() => setClock(NOW));

describe("GET /api/organisations/[id]/de-minimis.pdf", () => {
  it("a member downloads the table in Italian: every row, the three years, the aid in them and the headroom", async () => {
    signedIn = (await addMember(db, org, "member")).actor;
    const response = await download(org.organisationId, "?lang=it");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/pdf");
    expect(response.headers.get("content-disposition")).toContain(`filename="aiuti-de-minimis-${org.input.partitaIva}-2026-06-15.pdf"`);
    expect(response.headers.get("cache-control")).toBe("private, no-store");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    const text = await pdfText(response);
    expect(text).toContain("Aiuti «de minimis» ricevuti");
    expect(text).toContain(org.input.legalName);
    expect(text).toContain("Situazione al 15/06/2026: periodo mobile di tre anni dal 16/06/2023 al 15/06/2026");
    expect(text).toContain("Massimale 300.000,00 €");
    expect(text).toContain("Aiuti nei tre anni 12.345,67 €");
    expect(text).toContain("Margine ancora disponibile 287.654,33 €");
    // The rows, oldest first: exactly three years old is outside; the withdrawn row says so and does not count.
    expect(text).toMatch(/15\/06\/2023 Camera di commercio di Torino 1\.000,00 € — Dichiarato dall'impresa no/);
    expect(text).toMatch(/10\/05\/2024 Regione Piemonte Voucher internazionalizzazione 12\.345,67 € 123456 Dichiarato dall'impresa sì/);
    expect(text).toMatch(/02\/01\/2025 Comune di Ivrea Annullato il 15\/06\/2026 12:00:00 \(ora di Roma\): Dichiarato due volte 500,00 € — Dichiarato dall'impresa no/);
    expect(text).toContain("Totale nei tre anni 12.345,67 €");
  });

  it("in English with ?lang=en, or the visitor's language without it", async () => {
    signedIn = org.admin.actor;
    const en = await download(org.organisationId, "?lang=en");
    expect(en.headers.get("content-disposition")).toContain(`filename="de-minimis-aid-${org.input.partitaIva}-2026-06-15.pdf"`);
    const text = await pdfText(en);
    expect(text).toContain("Headroom still available €287,654.33");
    expect(text).toContain("Aid in the three years €12,345.67");
    expect(text).toMatch(/10\/05\/2024 Regione Piemonte Voucher internazionalizzazione €12,345\.67 123456 Declared by the firm yes/);
    localeCookie = "en";
    expect(await pdfText(await download(org.organisationId))).toContain("Headroom still available €287,654.33");
    localeCookie = undefined;
    expect(await pdfText(await download(org.organisationId))).toContain("Margine ancora disponibile 287.654,33 €");
  });

  it("the same ledger on the same day gives the same bytes, whatever the hour; the headroom follows the ledger", async () => {
    signedIn = org.admin.actor;
    const a = sha256Hex(new Uint8Array(await (await download(org.organisationId, "?lang=it")).arrayBuffer()));
    setClock(new Date("2026-06-15T18:00:00Z"));
    const b = sha256Hex(new Uint8Array(await (await download(org.organisationId, "?lang=it")).arrayBuffer()));
    expect(b).toBe(a);
    const other = await createOrganisation(db, { verified: true });
    await declareDeMinimisAid(db, other.admin.actor, { organisationId: other.organisationId, grantedOn: "2026-06-01", authority: "MIMIT", amount: "299.000" });
    signedIn = other.admin.actor;
    const text = await pdfText(await download(other.organisationId, "?lang=it"));
    expect(text).toContain("Margine ancora disponibile 1.000,00 €");
  });

  it("an organisation without aid gets the table's heading, the full headroom and 'none'", async () => {
    const empty = await createOrganisation(db, { verified: true });
    signedIn = empty.admin.actor;
    const text = await pdfText(await download(empty.organisationId, "?lang=it"));
    expect(text).toContain("Margine ancora disponibile 300.000,00 €");
    expect(text).toContain("Nessun aiuto de minimis registrato.");
  });

  it("anyone outside the organisation is told not found; without a session 401; a malformed id 404", async () => {
    signedIn = (await createOrganisation(db, { verified: true })).admin.actor;
    const otherFirm = await download(org.organisationId, "?lang=it");
    expect(otherFirm.status).toBe(404);
    expect(await otherFirm.json()).toEqual({ error: "organisationNotFound" });
    signedIn = (await createUser(db)).actor;
    expect((await download(org.organisationId, "?lang=it")).status).toBe(404);
    expect((await download(randomUUID(), "?lang=it")).status).toBe(404);
    signedIn = null;
    expect((await download(org.organisationId, "?lang=it")).status).toBe(401);
    expect((await download("not-a-uuid")).status).toBe(404);
  });
});
