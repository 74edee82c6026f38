/**
 * What a file is, decided from its bytes (magic numbers and structure), never from its
 * name or from what the browser claims. Pure: no I/O, safe anywhere.
 *
 * Accepted: PDF (PAdES-signed PDFs marked `signed`), PDF/A (a PDF whose XMP metadata
 * declares `pdfaid:part`), CAdES envelopes `.p7m` (DER, or base64/PEM-armoured DER;
 * always `signed`), ODT/ODS, DOCX/XLSX (read from the ZIP's central directory; files
 * with macros refused), PNG, JPEG, CSV and plain UTF-8 text. Everything else — executables,
 * other ZIP archives, HTML, SVG, XML — is refused (null).
 */

export const fileKinds = ["pdf", "pdfa", "p7m", "odt", "ods", "docx", "xlsx", "png", "jpeg", "csv", "txt"] as const;
export type FileKind = (typeof fileKinds)[number];
export type DetectedFile = { kind: FileKind; mediaType: string; extension: string; signed: boolean };

const MEDIA: Record<FileKind, { mediaType: string; extension: string }> = {
  pdf: { mediaType: "application/pdf", extension: "pdf" },
  pdfa: { mediaType: "application/pdf", extension: "pdf" },
  p7m: { mediaType: "application/pkcs7-mime", extension: "p7m" },
  odt: { mediaType: "application/vnd.oasis.opendocument.text", extension: "odt" },
  ods: { mediaType: "application/vnd.oasis.opendocument.spreadsheet", extension: "ods" },
  docx: { mediaType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", extension: "docx" },
  xlsx: { mediaType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", extension: "xlsx" },
  png: { mediaType: "image/png", extension: "png" },
  jpeg: { mediaType: "image/jpeg", extension: "jpg" },
  csv: { mediaType: "text/csv; charset=utf-8", extension: "csv" },
  txt: { mediaType: "text/plain; charset=utf-8", extension: "txt" },
};

export function isFileKind(value: unknown): value is FileKind {
  return typeof value === "string" && (fileKinds as readonly string[]).includes(value);
}

function detected(kind: FileKind, signed = false): DetectedFile {
  return { kind, ...MEDIA[kind], signed };
}

/** The type of a file from its content, or null when Tavolo does not accept that kind. */
export function detectFileType(bytes: Uint8Array): DetectedFile | null {
  if (bytes.length === 0) return null;
  if (startsWith(bytes, PDF_MAGIC)) return detectPdf(bytes);
  if (startsWith(bytes, PNG_MAGIC)) return detected("png");
  if (startsWith(bytes, JPEG_MAGIC)) return detected("jpeg");
  if (startsWith(bytes, ZIP_MAGIC)) return detectZip(bytes);
  if (isDerSignedData(bytes)) return detected("p7m", true);
  return detectText(bytes);
}

// ---------------------------------------------------------------- bytes

const PDF_MAGIC = ascii("%PDF-");
const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG_MAGIC = [0xff, 0xd8, 0xff];
const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];

function ascii(s: string): number[] {
  return Array.from(s, (c) => c.charCodeAt(0));
}

function startsWith(bytes: Uint8Array, prefix: readonly number[], at = 0): boolean {
  if (bytes.length < at + prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (bytes[at + i] !== prefix[i]) return false;
  return true;
}

function indexOf(bytes: Uint8Array, needle: readonly number[], from = 0): number {
  const first = needle[0];
  const last = bytes.length - needle.length;
  for (let i = bytes.indexOf(first, from); i !== -1 && i <= last; i = bytes.indexOf(first, i + 1)) {
    if (startsWith(bytes, needle, i)) return i;
  }
  return -1;
}

function latin1(bytes: Uint8Array, start: number, end: number): string {
  let s = "";
  for (let i = start; i < end && i < bytes.length; i++) s += String.fromCharCode(bytes[i]);
  return s;
}

// ---------------------------------------------------------------- PDF

const BYTE_RANGE = ascii("/ByteRange");
const SUB_FILTER = ascii("/SubFilter");
const PDFA_ID = ascii("pdfaid:part");
const SIGNATURE_SUBFILTERS = ["/ETSI.CAdES.detached", "/adbe.pkcs7.detached"];

function detectPdf(bytes: Uint8Array): DetectedFile {
  const pdfa = indexOf(bytes, PDFA_ID) !== -1;
  return detected(pdfa ? "pdfa" : "pdf", hasPadesSignature(bytes));
}

/** A signature dictionary: /ByteRange, and a /SubFilter naming a CMS detached signature. */
function hasPadesSignature(bytes: Uint8Array): boolean {
  if (indexOf(bytes, BYTE_RANGE) === -1) return false;
  for (let at = indexOf(bytes, SUB_FILTER); at !== -1; at = indexOf(bytes, SUB_FILTER, at + 1)) {
    const following = latin1(bytes, at + SUB_FILTER.length, at + SUB_FILTER.length + 40).trimStart();
    if (SIGNATURE_SUBFILTERS.some((f) => following.startsWith(f))) return true;
  }
  return false;
}

// ---------------------------------------------------------------- CAdES (.p7m)

// OBJECT IDENTIFIER 1.2.840.113549.1.7.2 (signedData), DER-encoded with its tag and length.
const SIGNED_DATA_OID = [0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02];

/** ContentInfo ::= SEQUENCE { contentType signedData, content [0] EXPLICIT … }. */
function isDerSignedData(bytes: Uint8Array, partial = false): boolean {
  if (bytes.length < 16 || bytes[0] !== 0x30) return false;
  let at = 1;
  const lengthByte = bytes[at++];
  if (lengthByte === 0x80) {
    // indefinite length (BER), as some signing tools write
  } else if (lengthByte > 0x80) {
    const n = lengthByte & 0x7f;
    if (n > 4) return false;
    let length = 0;
    for (let i = 0; i < n; i++) length = length * 256 + bytes[at++];
    if (length < SIGNED_DATA_OID.length + 2 || (!partial && length > bytes.length - at)) return false;
  } else if (lengthByte < SIGNED_DATA_OID.length + 2) {
    return false;
  }
  if (!startsWith(bytes, SIGNED_DATA_OID, at)) return false;
  return bytes[at + SIGNED_DATA_OID.length] === 0xa0;
}

const BASE64_BODY = /^[A-Za-z0-9+/=\s]+$/;

/** A base64 text (optionally PEM-armoured) whose decoded start is a signedData envelope. */
function isBase64SignedData(text: string): boolean {
  let body = text.trim();
  const armour = /^-----BEGIN (PKCS7|CMS|PKCS #7 SIGNED DATA)-----\s*([\s\S]*?)\s*-----END \1-----\s*$/.exec(body);
  if (armour) body = armour[2];
  if (body.length < 24 || !BASE64_BODY.test(body)) return false;
  const head = body.replace(/\s+/g, "").slice(0, 64);
  try {
    return isDerSignedData(new Uint8Array(Buffer.from(head, "base64")), true);
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------- ZIP (ODF, OOXML)

const ODF_TYPES: Record<string, FileKind> = {
  "application/vnd.oasis.opendocument.text": "odt",
  "application/vnd.oasis.opendocument.spreadsheet": "ods",
};

function u16(bytes: Uint8Array, at: number): number {
  return bytes[at] | (bytes[at + 1] << 8);
}

function u32(bytes: Uint8Array, at: number): number {
  return (bytes[at] | (bytes[at + 1] << 8) | (bytes[at + 2] << 16)) + bytes[at + 3] * 0x1000000;
}

/** The entry names listed in the ZIP's central directory, or null when it cannot be read. */
export function zipEntryNames(bytes: Uint8Array): string[] | null {
  const EOCD = 0x06054b50;
  const minEocd = 22;
  if (bytes.length < minEocd) return null;
  let eocd = -1;
  const stop = Math.max(0, bytes.length - minEocd - 0xffff);
  for (let i = bytes.length - minEocd; i >= stop; i--) {
    if (u32(bytes, i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd === -1) return null;
  const count = u16(bytes, eocd + 10);
  const size = u32(bytes, eocd + 12);
  const offset = u32(bytes, eocd + 16);
  // ZIP64 markers or a directory outside the file: not something we read.
  if (count === 0xffff || offset === 0xffffffff || offset + size > eocd) return null;
  const names: string[] = [];
  const decoder = new TextDecoder("utf-8", { fatal: false });
  let at = offset;
  for (let n = 0; n < count; n++) {
    if (at + 46 > eocd || u32(bytes, at) !== 0x02014b50) return null;
    const nameLength = u16(bytes, at + 28);
    const extraLength = u16(bytes, at + 30);
    const commentLength = u16(bytes, at + 32);
    names.push(decoder.decode(bytes.subarray(at + 46, at + 46 + nameLength)));
    at += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}

function detectZip(bytes: Uint8Array): DetectedFile | null {
  const names = zipEntryNames(bytes);
  if (!names) return null;
  const odf = odfMimetype(bytes);
  if (odf) {
    const kind = ODF_TYPES[odf];
    return kind && names.includes("mimetype") && names.includes("content.xml") ? detected(kind) : null;
  }
  if (!names.includes("[Content_Types].xml")) return null;
  // Macro-enabled documents (docm, xlsm) carry a VBA project: refused.
  if (names.some((n) => /vbaProject\.bin$/i.test(n))) return null;
  const word = names.some((n) => n.startsWith("word/"));
  const xl = names.some((n) => n.startsWith("xl/"));
  if (word && !xl && names.includes("word/document.xml")) return detected("docx");
  if (xl && !word && names.includes("xl/workbook.xml")) return detected("xlsx");
  return null;
}

/** ODF's rule: the first local entry is "mimetype", stored uncompressed, holding the media type. */
function odfMimetype(bytes: Uint8Array): string | null {
  if (bytes.length < 30) return null;
  const method = u16(bytes, 8);
  const compressedSize = u32(bytes, 18);
  const nameLength = u16(bytes, 26);
  const extraLength = u16(bytes, 28);
  if (latin1(bytes, 30, 30 + nameLength) !== "mimetype" || method !== 0 || compressedSize > 100) return null;
  const start = 30 + nameLength + extraLength;
  return latin1(bytes, start, start + compressedSize);
}

// ---------------------------------------------------------------- text, CSV

const MARKUP = /<\s*(!doctype|html|head|body|script|iframe|svg|\?xml|object|embed|meta|link|style)\b/i;

function detectText(bytes: Uint8Array): DetectedFile | null {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return null;
  }
  // Control characters other than tab, line feed, carriage return: a binary file.
   
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(text)) return null;
  if (text.trim() === "") return null;
  if (isBase64SignedData(text)) return detected("p7m", true);
  // Markup (HTML, SVG, XML) is refused: a browser might render it.
  if (text.trimStart().startsWith("<") || MARKUP.test(text)) return null;
  return looksLikeCsv(text) ? detected("csv") : detected("txt");
}

/** Records split on the separator, honouring double quotes; null when a quote is left open. */
function fieldCounts(text: string, separator: string): number[] | null {
  const counts: number[] = [];
  let fields = 1;
  let quoted = false;
  let recordHasContent = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') i++;
        else quoted = false;
      }
      continue;
    }
    if (c === '"') {
      quoted = true;
      recordHasContent = true;
    } else if (c === separator) {
      fields++;
      recordHasContent = true;
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      if (recordHasContent) counts.push(fields);
      fields = 1;
      recordHasContent = false;
    } else if (c !== " " && c !== "\t") {
      recordHasContent = true;
    }
  }
  if (quoted) return null;
  if (recordHasContent) counts.push(fields);
  return counts;
}

/** At least two records, every one with the same number (≥ 2) of fields on ";", "," or tab. */
function looksLikeCsv(text: string): boolean {
  for (const separator of [";", ",", "\t"]) {
    const counts = fieldCounts(text, separator);
    if (!counts || counts.length < 2) continue;
    if (counts[0] >= 2 && counts.every((n) => n === counts[0])) return true;
  }
  return false;
}

// ---------------------------------------------------------------- names

const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/i;
const MAX_BASE_LENGTH = 120;

/**
 * A file name safe to store, show and send: the last path segment, Unicode NFC, only
 * letters, digits, space, dot, dash, underscore and parentheses, no leading dot, at most
 * 120 characters before the extension, which is the detected one (a `.p7m` keeps the
 * name of the signed file inside: "offerta.pdf.p7m").
 */
export function sanitiseFileName(name: string, extension: string): string {
  const ext = extension.toLowerCase().replace(/[^a-z0-9]/g, "");
  let base = String(name ?? "")
    .normalize("NFC")
    .split(/[\\/]/)
    .pop()!
     
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, "");
  // Drop the name's own extension: the content decides it.
  const lastDot = base.lastIndexOf(".");
  if (lastDot > 0 && /^[A-Za-z0-9]{1,5}$/.test(base.slice(lastDot + 1))) base = base.slice(0, lastDot);
  base = base
    .replace(/[^\p{L}\p{N} ._()-]/gu, "_")
    .replace(/\s+/g, " ")
    .replace(/_+/g, "_")
    .replace(/\.{2,}/g, ".")
    .replace(/^[\s._-]+/, "")
    .replace(/[\s._]+$/, "");
  if (ext && base.toLowerCase().endsWith(`.${ext}`)) base = base.slice(0, -(ext.length + 1));
  if (WINDOWS_RESERVED.test(base.split(".")[0] ?? "")) base = `_${base}`;
  base = Array.from(base).slice(0, MAX_BASE_LENGTH).join("").trim();
  if (base === "") base = "documento";
  return ext ? `${base}.${ext}` : base;
}
