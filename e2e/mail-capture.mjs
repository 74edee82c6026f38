// "In tests and CI a local SMTP server captures mail": an SMTP server inside e2e/serve.mjs's
// process. Every message it receives is written as one JSON line — to, from, subject,
// headers (lower-case names), text, html — to mailCaptureFile(port), emptied at start, so a
// spec reads what really left Tavolo (e2e/mail.ts reads it). Nothing is delivered anywhere.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { SMTPServer } from "smtp-server";

/** Where the server on `port` writes the captured mail (the specs compute the same path). */
export function mailCaptureFile(port) {
  return path.join(os.tmpdir(), `tavolo-e2e-mail-${port}.jsonl`);
}

/** RFC 2047 encoded words (=?UTF-8?B?…?= and =?UTF-8?Q?…?=) in a header, decoded. */
function decodeWords(value) {
  return value
    .replace(/\?=\s+=\?/g, "?==?")
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_, charset, encoding, text) => {
      const bytes =
        encoding.toUpperCase() === "B"
          ? Buffer.from(text, "base64")
          : Buffer.from(text.replace(/_/g, " ").replace(/=([0-9A-Fa-f]{2})/g, (_m, hex) => String.fromCharCode(Number.parseInt(hex, 16))), "latin1");
      return new TextDecoder(charset).decode(bytes);
    });
}

/** Header block → { name (lower-case): value }, folded lines joined, encoded words decoded. */
function parseHeaders(block) {
  const headers = {};
  for (const line of block.replace(/\r?\n[ \t]+/g, " ").split(/\r?\n/)) {
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = decodeWords(line.slice(colon + 1).trim());
    headers[name] = headers[name] ? `${headers[name]}, ${value}` : value;
  }
  return headers;
}

function splitEntity(raw) {
  const match = raw.match(/\r?\n\r?\n/);
  if (!match) return { headers: parseHeaders(raw), body: "" };
  return { headers: parseHeaders(raw.slice(0, match.index)), body: raw.slice(match.index + match[0].length) };
}

function decodeBody(body, headers) {
  const encoding = (headers["content-transfer-encoding"] ?? "7bit").toLowerCase();
  const charset = /charset="?([^";]+)"?/i.exec(headers["content-type"] ?? "")?.[1] ?? "utf-8";
  let bytes;
  if (encoding === "base64") bytes = Buffer.from(body.replace(/\s+/g, ""), "base64");
  else if (encoding === "quoted-printable") {
    const binary = body.replace(/=\r?\n/g, "").replace(/=([0-9A-Fa-f]{2})/g, (_, hex) => String.fromCharCode(Number.parseInt(hex, 16)));
    bytes = Buffer.from(binary, "latin1");
  } else bytes = Buffer.from(body, "utf8");
  return new TextDecoder(charset).decode(bytes);
}

/** The text/plain and text/html parts of a MIME entity (multipart nested any depth). */
function collectParts(raw, out) {
  const { headers, body } = splitEntity(raw);
  const type = (headers["content-type"] ?? "text/plain").toLowerCase();
  const boundary = /boundary="?([^";]+)"?/i.exec(headers["content-type"] ?? "")?.[1];
  if (type.startsWith("multipart/") && boundary) {
    const pieces = body.split(`--${boundary}`).slice(1);
    for (const piece of pieces) {
      if (piece.startsWith("--")) break;
      collectParts(piece.replace(/^\r?\n/, ""), out);
    }
  } else if (type.startsWith("text/html")) out.html ??= decodeBody(body, headers);
  else if (type.startsWith("text/plain")) out.text ??= decodeBody(body, headers);
  return headers;
}

/** One received message, raw, as the JSON the specs read. */
export function parseMessage(raw, envelope) {
  const parts = {};
  const headers = collectParts(raw, parts);
  return {
    to: envelope.rcptTo.map((r) => r.address),
    from: envelope.mailFrom ? envelope.mailFrom.address : null,
    subject: headers.subject ?? "",
    headers,
    text: parts.text ?? "",
    html: parts.html ?? "",
    receivedAt: new Date().toISOString(),
  };
}

/** Starts the capture server on a free port of 127.0.0.1; resolves to its smtp:// URL and file. */
export async function startMailCapture(port) {
  const file = mailCaptureFile(port);
  fs.writeFileSync(file, "");
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["AUTH", "STARTTLS"],
    logger: false,
    onData(stream, session, callback) {
      const chunks = [];
      stream.on("data", (chunk) => chunks.push(chunk));
      stream.on("end", () => {
        try {
          const message = parseMessage(Buffer.concat(chunks).toString("utf8"), session.envelope);
          fs.appendFileSync(file, `${JSON.stringify(message)}\n`);
          callback();
        } catch (error) {
          callback(error);
        }
      });
    },
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port: smtpPort } = server.server.address();
  return { url: `smtp://127.0.0.1:${smtpPort}`, file, close: () => new Promise((resolve) => server.close(resolve)) };
}
