import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { setClock } from "@/lib/clock";
import { expectAppError } from "@/test/assert";
import { testDb } from "@/test/db";
import { addMember, createOrganisation, createUser } from "@/test/factories";
import { exportDeMinimisCsv, LEDGER_CSV_HEADER } from "./ledger-csv";
import { declareDeMinimisAid, withdrawDeMinimisAid } from "./service";

let db: Db;
beforeAll(async () => {
  db = await testDb();
});

describe("the de minimis ledger as CSV", () => {
  it("members download every row with Italian headers, amounts and days; formula-like text is neutralised", async () => {
    setClock(new Date("2026-06-15T10:00:00Z"));
    const org = await createOrganisation(db, { verified: true });
    const member = await addMember(db, org, "member");
    const base = { organisationId: org.organisationId, authority: "Regione Piemonte" };
    await declareDeMinimisAid(db, org.admin.actor, { ...base, grantedOn: "2024-05-10", amount: "12.345,67", cor: "123456", description: "=HYPERLINK(\"x\")" });
    await declareDeMinimisAid(db, org.admin.actor, { ...base, grantedOn: "2023-06-15", amount: "1.000" });
    const { id } = await declareDeMinimisAid(db, org.admin.actor, { ...base, grantedOn: "2025-01-02", amount: "500" });
    await withdrawDeMinimisAid(db, org.admin.actor, { aidId: id, reason: "Doppione" });

    const { filename, body } = await exportDeMinimisCsv(db, member.actor, org.organisationId);
    expect(filename).toBe(`de-minimis-${org.input.partitaIva}-2026-06-15.csv`);
    const lines = body.replace(/^\uFEFF/, "").split("\r\n");
    expect(lines[0]).toBe(LEDGER_CSV_HEADER.join(";"));
    expect(lines[1]).toBe("15/06/2023;Regione Piemonte;;1000,00;;Dichiarato dall'impresa;no;;"); // exactly three years old: outside
    expect(lines[2]).toBe(`10/05/2024;Regione Piemonte;"'=HYPERLINK(""x"")";12345,67;123456;Dichiarato dall'impresa;sì;;`);
    expect(lines[3]).toMatch(/^02\/01\/2025;Regione Piemonte;;500,00;;Dichiarato dall'impresa;no;15\/06\/2026 12:00;Doppione$/);
  });

  it("anyone outside the organisation is told not found", async () => {
    const org = await createOrganisation(db, { verified: true });
    const other = await createOrganisation(db, { verified: true });
    await expectAppError(exportDeMinimisCsv(db, other.admin.actor, org.organisationId), "NOT_FOUND");
    await expectAppError(exportDeMinimisCsv(db, (await createUser(db)).actor, org.organisationId), "NOT_FOUND");
    await expectAppError(exportDeMinimisCsv(db, null, org.organisationId), "UNAUTHENTICATED");
  });
});
