import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

/** One message as the local SMTP server received it: the envelope's recipients and the raw MIME text. */
export type CapturedMail = { to: string[]; raw: string };

export type CaptureSmtp = { captured: CapturedMail[]; url: string; close: () => Promise<void> };

/**
 * A local SMTP server in the test's own process, on a free port, that keeps every message it
 * receives (no authentication, no TLS, nothing leaves the machine). Point SMTP_URL at `url`.
 */
export async function startCaptureSmtp(): Promise<CaptureSmtp> {
  const captured: CapturedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["AUTH", "STARTTLS"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        captured.push({ to: session.envelope.rcptTo.map((r) => r.address), raw: Buffer.concat(chunks).toString("utf8") });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    captured,
    url: `smtp://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
