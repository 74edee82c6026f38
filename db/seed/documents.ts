import { and, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { calls, coalitions, documents, users } from "@/db/schema";
import { record } from "@/lib/audit";
import { promoterOrganisationsRepresentedBy } from "@/lib/coalitions/access";
import { detectFileType, sanitiseFileName } from "@/lib/documents/file-type";
import { documentAuditData, insertDocument } from "@/lib/documents/service";
import { demoPdf } from "./attachments";
import { OPEN_CALL_TITLE } from "./calls";
import { DEMO_COALITION, DEMO_SIGN_INS } from "./data";
import type { SeedResult } from "./seed";

/** The open call's own documents (issue 10): its text and the application form to fill in. */
export const DEMO_CALL_TEXT_TITLE = "Testo del bando";
export const DEMO_CALL_ANNEX_TITLE = "Allegato A - Modulo di domanda";

// ---------------------------------------------------------------- a minimal ODT, built here

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** A ZIP of stored (uncompressed) entries, in order, with a fixed date: the same input, the same bytes. */
export function storedZip(entries: { name: string; data: Uint8Array }[]): Uint8Array {
  const enc = new TextEncoder();
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  // 15 January 2026, 10:00 in MS-DOS form.
  const time = (10 << 11) | (0 << 5);
  const date = ((2026 - 1980) << 9) | (1 << 5) | 15;
  for (const { name, data } of entries) {
    const nameBytes = enc.encode(name);
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(0, 8); // stored
    local.writeUInt16LE(time, 10);
    local.writeUInt16LE(date, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(0, 10);
    central.writeUInt16LE(time, 12);
    central.writeUInt16LE(date, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, Buffer.from(nameBytes), Buffer.from(data));
    centrals.push(central, Buffer.from(nameBytes));
    offset += 30 + nameBytes.length + data.length;
  }
  const centralSize = centrals.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...locals, ...centrals, end]));
}

const xmlEscape = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** An OpenDocument text: a heading and paragraphs (what a form to fill in needs). */
export function demoOdt(heading: string, paragraphs: string[]): Uint8Array {
  const enc = new TextEncoder();
  const mimetype = "application/vnd.oasis.opendocument.text";
  const content = `<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3">
<office:body><office:text>
<text:h text:outline-level="1">${xmlEscape(heading)}</text:h>
${paragraphs.map((p) => `<text:p>${xmlEscape(p)}</text:p>`).join("\n")}
</office:text></office:body>
</office:document-content>`;
  const manifest = `<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">
 <manifest:file-entry manifest:full-path="/" manifest:version="1.3" manifest:media-type="${mimetype}"/>
 <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
</manifest:manifest>`;
  return storedZip([
    { name: "mimetype", data: enc.encode(mimetype) },
    { name: "content.xml", data: enc.encode(content) },
    { name: "META-INF/manifest.xml", data: enc.encode(manifest) },
  ]);
}

// ---------------------------------------------------------------- the seed step

const CALL_TEXT_LINES = [
  OPEN_CALL_TITLE,
  "Citta metropolitana di Torino - Tavolo dell'innovazione del Canavese",
  "Art. 1 - Finalita: piattaforme digitali condivise tra imprese, universita e centri di ricerca.",
  "Art. 2 - Beneficiari: aggregazioni di almeno tre soggetti, con un capofila impresa.",
  "Art. 3 - Contributo: fino a 400.000 euro per proposta, cofinanziamento minimo del 30%.",
  "Art. 4 - Presentazione: sul Tavolo, con gli allegati richiesti, entro la scadenza indicata.",
  "Art. 5 - Selezione: voto dei membri della coalizione, con quorum del 50%.",
  "Documento dimostrativo generato dal seed di Tavolo.",
];

const ANNEX_PARAGRAPHS = [
  "Il/La sottoscritto/a ______________________, legale rappresentante di ______________________,",
  "con sede in ______________________, partita IVA ______________________,",
  `chiede di partecipare al bando «${OPEN_CALL_TITLE}» in qualità di capofila della proposta ______________________.`,
  "Dichiara che le informazioni inserite sul Tavolo sono veritiere.",
  "Luogo e data ______________________          Firma ______________________",
];

/**
 * The open call's text (a PDF) and its application form (an ODT), kept as the promoter
 * attached them at publication: written directly (the service treats additions to a published
 * call as corrections), each with its audit entry. Idempotent: a call with either is left alone.
 */
export async function ensureCallDocuments(db: Db, result: SeedResult): Promise<void> {
  const [call] = await db
    .select({ id: calls.id, coalitionId: calls.coalitionId })
    .from(calls)
    .innerJoin(coalitions, eq(coalitions.id, calls.coalitionId))
    .where(and(eq(coalitions.slug, DEMO_COALITION.slug), eq(calls.title, OPEN_CALL_TITLE)));
  if (!call) return;
  const [promoter] = await db.select().from(users).where(sql`lower(${users.email}) = ${DEMO_SIGN_INS.promoter.toLowerCase()}`);
  if (!promoter) return;
  const files = [
    { kind: "call_text" as const, title: DEMO_CALL_TEXT_TITLE, name: "Bando piattaforme digitali condivise", bytes: demoPdf(CALL_TEXT_LINES) },
    { kind: "call_annex" as const, title: DEMO_CALL_ANNEX_TITLE, name: "Allegato A - Modulo di domanda", bytes: demoOdt(DEMO_CALL_ANNEX_TITLE, ANNEX_PARAGRAPHS) },
  ];
  await db.transaction(async (tx) => {
    const existing = await tx
      .select({ id: documents.id })
      .from(documents)
      .where(and(eq(documents.callId, call.id), inArray(documents.kind, ["call_text", "call_annex", "call_template"])));
    if (existing.length > 0) return;
    const actor = { userId: promoter.id, email: promoter.email, name: promoter.name, isPlatformAdmin: promoter.isPlatformAdmin };
    const [organisationId] = await promoterOrganisationsRepresentedBy(tx, actor, call.coalitionId);
    for (const f of files) {
      const detected = detectFileType(f.bytes);
      if (!detected) throw new Error(`The seed's "${f.title}" is not a file Tavolo accepts`);
      const doc = await insertDocument(tx, {
        kind: f.kind,
        callId: call.id,
        title: f.title,
        fileName: sanitiseFileName(f.name, detected.extension),
        uploadedBy: promoter.id,
        bytes: f.bytes,
        detected,
      });
      await record(tx, {
        actorUserId: promoter.id,
        organisationId,
        action: "document.uploaded",
        entityType: "call",
        entityId: call.id,
        data: { documentId: doc.id, ...documentAuditData(doc), callStatus: "published" },
      });
      result.changes.push(`call document "${f.title}" (${doc.fileName}) on "${OPEN_CALL_TITLE}"`);
    }
  });
}
