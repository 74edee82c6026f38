import fs from "node:fs";
import path from "node:path";
import PDFDocument from "pdfkit";

/**
 * The one place Tavolo makes PDFs (PDFKit). Every document is reproducible byte for byte
 * from the data it is given — the same data gives the same SHA-256:
 * - the dates in the metadata (CreationDate, ModDate) come from the data (the moment of
 *   the submission, of the results' publication), never from the clock;
 * - Producer and Creator are fixed; the file identifier PDFKit writes in the trailer is
 *   an MD5 of that metadata, so it is fixed too; embedded files get the data's date;
 * - the fonts (Titillium Web, SIL Open Font License, fonts/OFL.txt) are embedded as
 *   subsets whose tag PDFKit derives from the font's order in the document (F1, F2…),
 *   not from chance;
 * - streams are not compressed: deflate's bytes may change with the zlib that Node
 *   ships, so a receipt rendered again after an upgrade would differ. The files stay small
 *   (the fonts are subsets).
 */

const FONT_DIR = path.join(process.cwd(), "lib", "documents", "pdf", "fonts");
const FONT_FILES = { regular: "TitilliumWeb-Regular.ttf", semibold: "TitilliumWeb-SemiBold.ttf", bold: "TitilliumWeb-Bold.ttf" } as const;
type FontName = keyof typeof FONT_FILES;

let fontCache: Record<FontName, Buffer> | null = null;
function fonts(): Record<FontName, Buffer> {
  fontCache ??= Object.fromEntries(Object.entries(FONT_FILES).map(([k, f]) => [k, fs.readFileSync(path.join(FONT_DIR, f))])) as Record<FontName, Buffer>;
  return fontCache;
}

export type PdfLocale = "it" | "en";

export type PdfMeta = {
  title: string;
  subject: string;
  keywords: string;
  locale: PdfLocale;
  /** The moment the document is about (submission, publication): CreationDate and ModDate. */
  date: Date;
  /** Extra entries of the document information dictionary (ASCII keys), e.g. the receipt's hash. */
  extra?: Record<string, string>;
};

export type EmbeddedFile = { name: string; description: string; mediaType: string; bytes: Uint8Array };

export type Column = { header: string; width: number; align?: "left" | "right" };

const GREY = "#5c6f82";
const DARK = "#17324d";
const LINE = "#a9b8c7";

/** Drawing helpers over a PDFKit document, with Tavolo's layout. */
export class PdfWriter {
  readonly doc: PDFKit.PDFDocument;
  readonly left: number;
  readonly width: number;

  constructor(doc: PDFKit.PDFDocument) {
    this.doc = doc;
    this.left = doc.page.margins.left;
    this.width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  }

  private get bottom(): number {
    return this.doc.page.height - this.doc.page.margins.bottom;
  }

  /** Starts a new page when fewer than `height` points are left. */
  ensureSpace(height: number): void {
    if (this.doc.y + height > this.bottom) this.doc.addPage();
  }

  title(text: string, subtitle?: string): void {
    this.doc.font("bold").fontSize(20).fillColor(DARK).text(text, this.left, this.doc.y, { width: this.width });
    if (subtitle) this.doc.font("regular").fontSize(12).fillColor(GREY).text(subtitle, { width: this.width });
    this.doc.moveDown(0.6);
    this.rule();
  }

  heading(text: string): void {
    this.ensureSpace(60);
    this.doc.moveDown(0.6);
    this.doc.font("semibold").fontSize(14).fillColor(DARK).text(text, this.left, this.doc.y, { width: this.width });
    this.doc.moveDown(0.3);
  }

  paragraph(text: string, options: { size?: number; color?: string; font?: FontName } = {}): void {
    if (!text) return;
    this.doc
      .font(options.font ?? "regular")
      .fontSize(options.size ?? 11)
      .fillColor(options.color ?? "black")
      .text(text, this.left, this.doc.y, { width: this.width });
    this.doc.moveDown(0.3);
  }

  /** A label above its value; `mono` values (hashes) are smaller and may break anywhere. */
  field(label: string, value: string, options: { mono?: boolean } = {}): void {
    this.ensureSpace(34);
    this.doc.font("semibold").fontSize(9).fillColor(GREY).text(label, this.left, this.doc.y, { width: this.width });
    this.doc
      .font("regular")
      .fontSize(options.mono ? 9.5 : 11)
      .fillColor("black")
      .text(value || "—", { width: this.width, characterSpacing: options.mono ? 0.3 : 0 });
    this.doc.moveDown(0.4);
  }

  rule(): void {
    const y = this.doc.y;
    this.doc.moveTo(this.left, y).lineTo(this.left + this.width, y).lineWidth(0.7).strokeColor(LINE).stroke();
    this.doc.moveDown(0.5);
  }

  /** A table whose columns' widths are shares of the page width (they add up to 1). */
  table(columns: Column[], rows: string[][], options: { boldLast?: boolean; size?: number } = {}): void {
    const size = options.size ?? 9.5;
    const widths = columns.map((c) => c.width * this.width);
    const pad = 4;
    const drawRow = (cells: string[], font: FontName, header: boolean) => {
      this.doc.font(font).fontSize(size);
      const heights = cells.map((c, i) => this.doc.heightOfString(c || " ", { width: widths[i] - 2 * pad }));
      const height = Math.max(...heights) + 2 * pad;
      if (this.doc.y + height > this.bottom) {
        this.doc.addPage();
        // The header again at the top of the new page.
        if (!header) drawRow(columns.map((c) => c.header), "semibold", true);
      }
      const y = this.doc.y;
      if (header) this.doc.rect(this.left, y, this.width, height).fillColor("#e6ecf2").fill();
      let x = this.left;
      cells.forEach((c, i) => {
        this.doc
          .font(font)
          .fontSize(size)
          .fillColor("black")
          .text(c, x + pad, y + pad, { width: widths[i] - 2 * pad, align: columns[i].align ?? "left" });
        x += widths[i];
      });
      this.doc.moveTo(this.left, y + height).lineTo(this.left + this.width, y + height).lineWidth(0.5).strokeColor(LINE).stroke();
      this.doc.x = this.left;
      this.doc.y = y + height;
    };
    this.ensureSpace(40);
    drawRow(columns.map((c) => c.header), "semibold", true);
    rows.forEach((r, i) => drawRow(r, options.boldLast && i === rows.length - 1 ? "semibold" : "regular", false));
    this.doc.moveDown(0.6);
  }
}

/** PDF dates are written by PDFKit in UTC ("D:20260110090000Z"), so the zone of the server never shows. */
export async function renderPdf(meta: PdfMeta, draw: (w: PdfWriter) => void, options: { files?: EmbeddedFile[]; footer?: (page: number, pages: number) => string } = {}): Promise<Uint8Array> {
  const doc = new PDFDocument({
    size: "A4",
    margins: { top: 56, bottom: 64, left: 56, right: 56 },
    compress: false,
    bufferPages: true,
    font: null as unknown as string,
    lang: meta.locale === "it" ? "it-IT" : "en-GB",
    displayTitle: true,
    info: {
      Title: meta.title,
      Author: "Tavolo",
      Subject: meta.subject,
      Keywords: meta.keywords,
      Creator: "Tavolo",
      Producer: "Tavolo (PDFKit)",
      CreationDate: meta.date,
      ModDate: meta.date,
      ...(meta.extra ?? {}),
    } as PDFKit.DocumentInfo,
  });
  const f = fonts();
  doc.registerFont("regular", f.regular);
  doc.registerFont("semibold", f.semibold);
  doc.registerFont("bold", f.bold);
  doc.font("regular");

  const chunks: Uint8Array[] = [];
  const done = new Promise<Uint8Array>((resolve, reject) => {
    doc.on("data", (chunk: Uint8Array) => chunks.push(chunk));
    doc.on("end", () => resolve(new Uint8Array(Buffer.concat(chunks))));
    doc.on("error", reject);
  });

  const writer = new PdfWriter(doc);
  draw(writer);

  for (const file of options.files ?? []) {
    doc.file(Buffer.from(file.bytes), { name: file.name, description: file.description, type: file.mediaType, creationDate: meta.date, modifiedDate: meta.date });
  }

  if (options.footer) {
    const range = doc.bufferedPageRange();
    for (let i = range.start; i < range.start + range.count; i++) {
      doc.switchToPage(i);
      const bottomMargin = doc.page.margins.bottom;
      doc.page.margins.bottom = 0;
      doc
        .font("regular")
        .fontSize(8.5)
        .fillColor(GREY)
        .text(options.footer(i + 1, range.count), writer.left, doc.page.height - 40, { width: writer.width, align: "center", lineBreak: false });
      doc.page.margins.bottom = bottomMargin;
    }
  }
  doc.end();
  return done;
}
