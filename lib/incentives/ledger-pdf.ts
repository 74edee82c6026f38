import { eq } from "drizzle-orm";
import type { Db } from "@/db/client";
import { organisations } from "@/db/schema";
import { requireActor, type Actor } from "@/lib/auth/actor";
import { now } from "@/lib/clock";
import { sha256Hex } from "@/lib/documents/canonical";
import type { GeneratedFile } from "@/lib/documents/generated";
import { deMinimisFileName, renderDeMinimisLedger } from "@/lib/documents/pdf/de-minimis";
import type { PdfLocale } from "@/lib/documents/pdf/writer";
import { romeDate } from "./application-machine";
import { DE_MINIMIS_CEILING_CENTS, countsInWindow, nextDay, windowStartExclusive } from "./de-minimis";
import { requireLedgerMember } from "./permissions";
import { deMinimisUsedCents, ledgerRows } from "./queries";

/**
 * The de minimis ledger as a PDF, the table firms attach to the self-declaration (the same
 * rows as the CSV, lib/incentives/ledger-csv.ts), with the three years ending today (Rome),
 * the aid in them (an SQL sum) and the headroom. Members of the organisation only, as for
 * the CSV: UNAUTHENTICATED without a session, NOT_FOUND for anyone else.
 */
export async function exportDeMinimisPdf(db: Db, actor: Actor | null, organisationId: string, locale: PdfLocale): Promise<GeneratedFile> {
  const who = requireActor(actor);
  await requireLedgerMember(db, who, organisationId);
  const today = romeDate(now());
  const [[organisation], rows, usedCents] = await Promise.all([
    db
      .select({ id: organisations.id, legalName: organisations.legalName, partitaIva: organisations.partitaIva, codiceFiscale: organisations.codiceFiscale })
      .from(organisations)
      .where(eq(organisations.id, organisationId)),
    ledgerRows(db, organisationId),
    deMinimisUsedCents(db, organisationId, today),
  ]);
  const source = {
    organisation,
    today,
    windowFrom: nextDay(windowStartExclusive(today)),
    ceilingCents: DE_MINIMIS_CEILING_CENTS,
    usedCents,
    headroomCents: Math.max(0, DE_MINIMIS_CEILING_CENTS - usedCents),
    rows: rows.map((r) => ({ ...r, inWindow: !r.withdrawnAt && countsInWindow(r.grantedOn, today) })),
  };
  const bytes = await renderDeMinimisLedger(source, locale);
  return { fileName: deMinimisFileName(source, locale), mediaType: "application/pdf", bytes, etag: `"${sha256Hex(bytes)}"` };
}
