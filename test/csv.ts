/**
 * A strict RFC 4180 reader for the files lib/csv.ts writes (semicolons, CRLF, optional
 * BOM), written independently of the writer so that tests read the files back the way a
 * spreadsheet does. Used by unit tests and by the Playwright specs. Throws on a file a
 * spreadsheet would read differently (a quote inside an unquoted field, an unclosed quote).
 */
export function parseCsv(text: string, separator = ";"): string[][] {
  const body = text.startsWith("\uFEFF") ? text.slice(1) : text;
  const records: string[][] = [];
  let record: string[] = [];
  let field = "";
  let i = 0;
  let quoted = false;
  let fieldStarted = false;
  const endField = () => {
    record.push(field);
    field = "";
    fieldStarted = false;
  };
  const endRecord = () => {
    endField();
    records.push(record);
    record = [];
  };
  while (i < body.length) {
    const c = body[i];
    if (quoted) {
      if (c === '"' && body[i + 1] === '"') {
        field += '"';
        i += 2;
      } else if (c === '"') {
        quoted = false;
        i += 1;
        const next = body[i];
        if (next !== undefined && next !== separator && next !== "\r" && next !== "\n") throw new Error(`Text after a closing quote at ${i}`);
      } else {
        field += c;
        i += 1;
      }
      continue;
    }
    if (c === '"') {
      if (fieldStarted) throw new Error(`Quote inside an unquoted field at ${i}`);
      quoted = true;
      fieldStarted = true;
      i += 1;
    } else if (c === separator) {
      endField();
      i += 1;
    } else if (c === "\r" && body[i + 1] === "\n") {
      endRecord();
      i += 2;
    } else if (c === "\n") {
      endRecord();
      i += 1;
    } else if (c === "\r") {
      throw new Error(`Bare carriage return outside quotes at ${i}`);
    } else {
      field += c;
      fieldStarted = true;
      i += 1;
    }
  }
  if (quoted) throw new Error("Unclosed quote");
  // A file ends with a record end; anything after the last one is a last record.
  if (fieldStarted || field !== "" || record.length > 0) endRecord();
  return records;
}

/** The characters a spreadsheet reads as the start of a formula (OWASP). */
export const FORMULA_STARTS = ["=", "+", "-", "@", "\t", "\r"];

/** A streamed file as text, keeping the byte-order mark (Response.text() would drop it). */
export async function readStream(stream: ReadableStream<Uint8Array>): Promise<string> {
  return new TextDecoder("utf-8", { ignoreBOM: true }).decode(await new Response(stream).arrayBuffer());
}
