// Prepares a database of the e2e run's own (migrated as the owner, seeded as the application
// role), then serves the built app as the application role.
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const port = process.argv[2] ?? "3100";
const env = {
  ...process.env,
  AUTH_SECRET: process.env.AUTH_SECRET ?? "e2e-secret-not-for-production-0123456789",
  NEXTAUTH_URL: `http://127.0.0.1:${port}`,
  NODE_ENV: "production",
  // No SMTP server in the browser tests: the local outbox page shows the mail (lib/mail/config.ts).
  MAIL_OUTBOX_PUBLIC: process.env.MAIL_OUTBOX_PUBLIC ?? "1",
};
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
