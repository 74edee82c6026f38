import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { detectFileType, sanitiseFileName, zipEntryNames } from "./file-type";

const FIXTURES = path.join(process.cwd(), "test", "fixtures", "files");
const read = (name: string) => new Uint8Array(fs.readFileSync(path.join(FIXTURES, name)));

describe("detectFileType on real sample files (test/fixtures/files, made by generate.sh)", () => {
  it.each([
    ["sample.pdf", "pdf", "application/pdf", "pdf", false],
    ["sample-pdfa.pdf", "pdfa", "application/pdf", "pdf", false],
    ["sample-pades.pdf", "pdf", "application/pdf", "pdf", true],
    ["sample.pdf.p7m", "p7m", "application/pkcs7-mime", "p7m", true],
    ["sample-pem.txt.p7m", "p7m", "application/pkcs7-mime", "p7m", true],
    ["sample.odt", "odt", "application/vnd.oasis.opendocument.text", "odt", false],
    ["sample.ods", "ods", "application/vnd.oasis.opendocument.spreadsheet", "ods", false],
    ["sample.docx", "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx", false],
    ["sample.xlsx", "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx", false],
    ["sample.png", "png", "image/png", "png", false],
    ["sample.jpg", "jpeg", "image/jpeg", "jpg", false],
    ["sample.csv", "csv", "text/csv; charset=utf-8", "csv", false],
    ["sample.txt", "txt", "text/plain; charset=utf-8", "txt", false],
  ])("%s is %s", (file, kind, mediaType, extension, signed) => {
    expect(detectFileType(read(file))).toEqual({ kind, mediaType, extension, signed });
  });

  it.each([
    ["executable.pdf", "an ELF executable renamed .pdf"],
    ["archive.zip", "a plain ZIP archive"],
    ["macro.xlsx", "a workbook with macros"],
    ["page.txt", "HTML renamed .txt"],
    ["image.svg", "SVG"],
    ["latin1.txt", "text that is not UTF-8"],
  ])("%s is refused (%s)", (file) => {
    expect(detectFileType(read(file))).toBeNull();
  });

  it("refuses empty input, NUL bytes, XML and a PE header", () => {
    expect(detectFileType(new Uint8Array())).toBeNull();
    expect(detectFileType(new TextEncoder().encode("ciao\u0000mondo"))).toBeNull();
    expect(detectFileType(new TextEncoder().encode('<?xml version="1.0"?><a/>'))).toBeNull();
    expect(detectFileType(new Uint8Array([0x4d, 0x5a, 0x90, 0x00, 0x03, 0, 0, 0, 0x04, 0, 0, 0, 0xff, 0xff, 0, 0]))).toBeNull();
  });

  it("reads a ZIP's central directory, not its name", () => {
    expect(zipEntryNames(read("sample.docx"))).toEqual(["[Content_Types].xml", "_rels/.rels", "word/document.xml"]);
    // An ODT whose first entry is not 'mimetype' is not an ODT.
    const odt = read("sample.odt");
    const broken = odt.slice();
    broken.set(new TextEncoder().encode("mimetypX"), 30);
    expect(detectFileType(broken)).toBeNull();
    // A truncated ZIP (no central directory) is refused.
    expect(detectFileType(odt.subarray(0, 200))).toBeNull();
  });

  it("tells CSV from text by a consistent separator, honouring quotes", () => {
    const enc = (s: string) => new TextEncoder().encode(s);
    expect(detectFileType(enc("a,b,c\n1,2,3\n4,5,6\n"))?.kind).toBe("csv");
    expect(detectFileType(enc('a;b\n"x;y";2\n'))?.kind).toBe("csv");
    expect(detectFileType(enc("Primo rigo, con virgola.\nSecondo rigo senza.\n"))?.kind).toBe("txt");
    expect(detectFileType(enc("una sola riga;con;separatori\n"))?.kind).toBe("txt");
  });

  it("marks a PDF signed only with /ByteRange and a CMS SubFilter", () => {
    const enc = (s: string) => new TextEncoder().encode(s);
    expect(detectFileType(enc("%PDF-1.7\n<< /SubFilter /adbe.pkcs7.detached /ByteRange [0 1 2 3] >>\n%%EOF"))?.signed).toBe(true);
    expect(detectFileType(enc("%PDF-1.7\n<< /SubFilter /adbe.pkcs7.detached >>\n%%EOF"))?.signed).toBe(false);
    expect(detectFileType(enc("%PDF-1.7\n<< /SubFilter /adbe.x509.rsa_sha1 /ByteRange [0 1 2 3] >>\n%%EOF"))?.signed).toBe(false);
  });
});

describe("sanitiseFileName", () => {
  it.each([
    ["Bando 2026.pdf", "pdf", "Bando 2026.pdf"],
    ["../../etc/passwd", "txt", "passwd.txt"],
    ["C:\\Users\\mario\\Domanda finale.docx", "docx", "Domanda finale.docx"],
    ["offerta.pdf.p7m", "p7m", "offerta.pdf.p7m"],
    ["programma.exe", "pdf", "programma.pdf"],
    ["città & lavoro <script>.odt", "odt", "città _ lavoro _script.odt"],
    [".htaccess", "txt", "htaccess.txt"],
    ["con\u0000trollo\r\n.pdf", "pdf", "controllo.pdf"],
    ["CON.txt", "txt", "_CON.txt"],
    ["", "pdf", "documento.pdf"],
    ["***", "png", "documento.png"],
    ["rapporto.PDF", "pdf", "rapporto.pdf"],
  ])("%j → %j", (input, ext, expected) => {
    expect(sanitiseFileName(input, ext)).toBe(expected);
  });

  it("keeps at most 120 characters before the extension and composes Unicode", () => {
    expect(sanitiseFileName(`${"a".repeat(300)}.pdf`, "pdf")).toBe(`${"a".repeat(120)}.pdf`);
    expect(sanitiseFileName("cafe\u0301.txt", "txt")).toBe("café.txt");
  });
});
