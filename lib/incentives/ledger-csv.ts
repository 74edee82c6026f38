import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { organisations } from "@/db/schema";
import { requireActor, type Actor } from "@/lib/auth/actor";
import { now } from "@/lib/clock";
import { money, romeDateTime, toCsv } from "@/lib/csv";
import { romeDate } from "./application-machine";
import { windowStartExclusive } from "./de-minimis";
import { requireLedgerMember } from "./permissions";
import { ledgerRows } from "./queries";

/**
 * The de minimis ledger as the self-declaration table firms attach to an application
 * (dichiarazione sostitutiva "de minimis", Reg. UE 2023/2831): every row, Italian headers,
 * through lib/csv.ts (UTF-8 with BOM, semicolons, Italian decimals, formula-safe text).
 * Whether a row counts is said for the three years ending today (Rome).
 */
export const LEDGER_CSV_HEADER = [
  "Data di concessione",
  "Ente concedente",
  "Descrizione",
  "Importo (EUR)",
  "COR (RNA)",
  "Origine",
  "Nel triennio",
  "Ritirato il",
  "Motivo del ritiro",
] as const;

/** "2024-05-10" → "10/05/2024". */
const italianDay = (date: string) => date.split("-").reverse().join("/");

export async function exportDeMinimisCsv(db: Db, actor: Actor | null, organisationId: string): Promise<{ filename: string; body: string }> {
  const who = requireActor(actor);
  await requireLedgerMember(db, who, organisationId);
  const [org] = await db.select({ partitaIva: organisations.partitaIva, codiceFiscale: organisations.codiceFiscale }).from(organisations).where(eq(organisations.id, organisationId));
  const today = romeDate(now());
  const start = windowStartExclusive(today);
  const rows = (await ledgerRows(db, organisationId)).map((r) => [
    italianDay(r.grantedOn),
    r.authority,
    r.description,
    money(r.amountCents),
    r.cor ?? "",
    r.source === "tavolo" ? "Concesso tramite Tavolo" : "Dichiarato dall'impresa",
    !r.withdrawnAt && r.grantedOn > start && r.grantedOn <= today ? "sì" : "no",
    r.withdrawnAt ? romeDateTime(r.withdrawnAt) : null,
    r.withdrawalReason ?? "",
  ]);
  const id = (org?.partitaIva || org?.codiceFiscale || organisationId).replace(/[^A-Za-z0-9]/g, "");
  return { filename: `de-minimis-${id}-${today}.csv`, body: toCsv(LEDGER_CSV_HEADER, rows) };
}
