/**
 * `npm run demo`: one command from a fresh clone to a running Tavolo with the demo data.
 *
 *  1. AUTH_SECRET from the environment, else from .data/auth-secret (created once, mode 600);
 *  2. as the tables' owner, migrations and the application role's grants (db/roles.ts);
 *     then, as the application role, the demo seed if the database has no users yet (a
 *     second run keeps existing data); the embedded PGlite in .data/pglite unless
 *     DATABASE_URL / POSTGRES_URL (and DATABASE_OWNER_URL for the owner);
 *  3. `next build`, then the server of `npm start` on $PORT (default 3000), as the application role only:
 *     the server never receives the owner's URL.
 *
 * Options: --no-build  start the existing build (.next) without building again.
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { closeDb, currentDriver, getDb, pgliteDir } from "@/db/client";
import { describeRoles, runMigrations } from "@/db/migrate";
import { users } from "@/db/schema";
import { DEMO_PASSWORD, DEMO_SIGN_INS, DEMO_USERS, seed } from "@/db/seed";

const root = process.cwd();
const dataDir = path.join(root, ".data");
const secretFile = path.join(dataDir, "auth-secret");

function authSecret(): string {
  const fromEnv = process.env.AUTH_SECRET || process.env.NEXTAUTH_SECRET;
  if (fromEnv) return fromEnv;
  try {
    const stored = fs.readFileSync(secretFile, "utf8").trim();
    if (stored.length >= 32) return stored;
  } catch {
    // not there yet
  }
  fs.mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString("hex");
  fs.writeFileSync(secretFile, `${secret}\n`, { mode: 0o600 });
  fs.chmodSync(secretFile, 0o600);
  console.log(`Created a new AUTH_SECRET in ${path.relative(root, secretFile)}.`);
  return secret;
}

async function prepareDatabase(): Promise<void> {
  const where = currentDriver() === "pglite" ? `the embedded database in ${path.relative(root, pgliteDir()) || pgliteDir()}` : `${currentDriver()} (from the environment)`;
  try {
    console.log(describeRoles(await runMigrations()));
    const db = await getDb();
    const [{ n }] = await db.select({ n: sql<number>`count(*)::int` }).from(users);
    if (Number(n) === 0) {
      console.log(`Seeding the demo data into ${where}…`);
      const result = await seed(db);
      console.log(`Seeded: ${result.changes.length} records (${DEMO_USERS.length} people, organisations, the coalition).`);
    } else {
      console.log(`Using ${where}: ${n} people already there, data kept.`);
    }
  } finally {
    // Releases the PGlite lock so that `next start` can open the same folder.
    await closeDb();
  }
  // The database client's own shutdown handlers are no longer needed; this process now
  // only supervises Next and forwards signals to it.
  process.removeAllListeners("SIGINT");
  process.removeAllListeners("SIGTERM");
}

function nextBin(): string[] {
  const script = path.join(root, "node_modules", "next", "dist", "bin", "next");
  if (fs.existsSync(script)) return [process.execPath, script];
  return [path.join(root, "node_modules", ".bin", process.platform === "win32" ? "next.cmd" : "next")];
}

const SIGNAL_CODES: Record<string, number> = { SIGINT: 130, SIGTERM: 143 };

/** Runs a command with inherited stdio, forwarding SIGINT/SIGTERM; resolves with its exit code. */
function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, env, stdio: "inherit" });
    const forward = (signal: NodeJS.Signals) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    };
    process.on("SIGINT", forward);
    process.on("SIGTERM", forward);
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      process.off("SIGINT", forward);
      process.off("SIGTERM", forward);
      resolve(code ?? (signal ? (SIGNAL_CODES[signal] ?? 1) : 1));
    });
  });
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const skipBuild = args.includes("--no-build");
  const port = process.env.PORT || "3000";
  const url = `http://localhost:${port}`;

  const secret = authSecret();
  await prepareDatabase();

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    AUTH_SECRET: secret,
    NEXTAUTH_URL: process.env.NEXTAUTH_URL || url,
    PORT: port,
    // With no SMTP_URL the demo keeps its e-mail in the local outbox page (/outbox), open to everyone.
    MAIL_OUTBOX_PUBLIC: process.env.SMTP_URL ? "0" : (process.env.MAIL_OUTBOX_PUBLIC ?? "1"),
  };
  // The server runs as the application role: the owner's URL stays with this script.
  delete env.DATABASE_OWNER_URL;

  if (skipBuild && fs.existsSync(path.join(root, process.env.NEXT_DIST_DIR || ".next", "BUILD_ID"))) {
    console.log("Skipping the build (--no-build).");
  } else {
    console.log("Building Tavolo (next build)…");
    const [command, ...prefix] = nextBin();
    const code = await run(command, [...prefix, "build"], env);
    if (code !== 0) {
      console.error(`next build failed (exit code ${code}).`);
      return code;
    }
  }

  console.log("");
  console.log(`Tavolo demo: open ${url}`);
  console.log(`  Sign in as ${DEMO_SIGN_INS.platformAdmin} (platform admin), ${DEMO_SIGN_INS.promoter} (promoter),`);
  console.log(`  ${DEMO_SIGN_INS.leadFirmAdmin} (a firm) or any demo person in the README.`);
  console.log(`  Password for everyone: ${DEMO_PASSWORD}`);
  console.log("  Stop with Ctrl+C; the data stays for the next run.");
  console.log("");
  // The production server of `npm start` (server.mjs), which gives the app the real client address.
  return run(process.execPath, [path.join(root, "server.mjs"), "-p", port], env);
}

main().then(
  (code) => process.exit(code),
  async (error: unknown) => {
    console.error("npm run demo failed:", error instanceof Error ? error.message : error);
    await closeDb().catch(() => {});
    process.exit(1);
  },
);
