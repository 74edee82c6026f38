// Prepares a database of the e2e run's own (migrated as the owner, seeded as the application
// role), then serves the built app as the application role.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { startMailCapture } from "./mail-capture.mjs";

const port = process.argv[2] ?? "3100";
const env = {
  ...process.env,
  AUTH_SECRET: process.env.AUTH_SECRET ?? "e2e-secret-not-for-production-0123456789",
  NEXTAUTH_URL: `http://127.0.0.1:${port}`,
  NODE_ENV: "production",
  // The local outbox page stays open to everyone (lib/mail/config.ts: the explicit choice wins
  // over SMTP_URL), so specs may read links there too.
  MAIL_OUTBOX_PUBLIC: process.env.MAIL_OUTBOX_PUBLIC ?? "1",
};
// A local SMTP server captures the mail the app sends (e2e/mail-capture.mjs), one JSON line per
// message in the file e2e/mail.ts reads; an SMTP_URL given from outside is used instead.
if (!process.env.SMTP_URL) {
  const capture = await startMailCapture(port);
  env.SMTP_URL = capture.url;
  console.log(`e2e: mail captured by ${capture.url} into ${capture.file}`);
}
if (!env.DATABASE_URL && !env.POSTGRES_URL) {
  env.PGLITE_DIR = fs.mkdtempSync(path.join(os.tmpdir(), "tavolo-e2e-")) + "/db";
}
const tsx = path.join("node_modules", ".bin", "tsx");
for (const script of ["scripts/migrate.ts", "db/seed/index.ts"]) {
  const r = spawnSync(tsx, [script], { env, stdio: "inherit" });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
// Migrations ran as the owner (DATABASE_OWNER_URL, when set); the seed and the server as the
// application role, which may only INSERT and SELECT the audit log.
delete env.DATABASE_OWNER_URL;
// The production server (server.mjs), as `npm start` runs it: it hands the app the real socket address.
const server = spawn(process.execPath, ["server.mjs", "-p", port, "-H", "127.0.0.1"], { env, stdio: "inherit" });
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code) => process.exit(code ?? 0));
