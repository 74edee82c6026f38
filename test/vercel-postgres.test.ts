import { randomBytes } from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import net from "node:net";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { eq, sql } from "drizzle-orm";
import pg from "pg";
import { WebSocketServer } from "ws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, currentDriver, getDb, type Db } from "@/db/client";
import { runMigrations } from "@/db/migrate";
import { users } from "@/db/schema";
import { verifyChain } from "@/lib/audit";
import { isUniqueViolation } from "@/lib/errors";
import { signUp } from "@/lib/users/service";
import { countRows } from "@/test/db";
import { randomEmail, TEST_PASSWORD } from "@/test/factories";

/**
 * The @vercel/postgres path of db/client.ts, against the local PostgreSQL server.
 * @vercel/postgres speaks Neon's WebSocket protocol, so a small WebSocket-to-TCP
 * relay stands in for Neon's proxy. Runs only when DATABASE_URL names a server;
 * it migrates a fresh database of its own and drops it at the end. With two roles
 * (DATABASE_OWNER_URL), the owner creates and migrates it and the app role queries it.
 */
const serverUrl = process.env.DATABASE_URL;
const ownerUrl = process.env.DATABASE_OWNER_URL;

/** The settings of Neon's driver used here (@neondatabase/serverless is not a direct dependency: no types). */
type NeonConfig = {
  wsProxy: string | ((host: string, port: number | string) => string) | undefined;
  useSecureWebSocket: boolean;
  pipelineTLS: boolean;
  pipelineConnect: "password" | false;
};

/** The neonConfig of the @neondatabase/serverless copy that @vercel/postgres itself imports. */
async function vercelNeonConfig(): Promise<NeonConfig> {
  const requireFromVercel = createRequire(createRequire(import.meta.url).resolve("@vercel/postgres"));
  // Its "exports" hides package.json: resolve the CommonJS entry, then read the ESM one beside it.
  const dir = path.dirname(requireFromVercel.resolve("@neondatabase/serverless"));
  const pkg = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8")) as { exports?: { import?: string } };
  const entry = path.join(dir, pkg.exports?.import ?? "index.mjs");
  const mod = (await import(/* @vite-ignore */ pathToFileURL(entry).href)) as { neonConfig: NeonConfig };
  return mod.neonConfig;
}

type Relay = { port: number; connections: () => number; close: () => Promise<void> };

function startRelay(target: { host: string; port: number }): Promise<Relay> {
  let connections = 0;
  const wss = new WebSocketServer({ host: "127.0.0.1", port: 0, path: "/v1" });
  const sockets = new Set<net.Socket>();
  wss.on("connection", (ws) => {
    connections++;
    const socket = net.connect(target.port, target.host);
    sockets.add(socket);
    ws.binaryType = "nodebuffer";
    ws.on("message", (data: Buffer) => socket.write(data));
    socket.on("data", (data) => ws.send(data));
    ws.on("close", () => socket.end());
    ws.on("error", () => socket.destroy());
    socket.on("close", () => {
      sockets.delete(socket);
      ws.close();
    });
    socket.on("error", () => ws.terminate());
  });
  return new Promise((resolve, reject) => {
    wss.once("error", reject);
    wss.once("listening", () => {
      const { port } = wss.address() as net.AddressInfo;
      resolve({
        port,
        connections: () => connections,
        close: () =>
          new Promise<void>((done) => {
            for (const s of sockets) s.destroy();
            for (const client of wss.clients) client.terminate();
            wss.close(() => done());
          }),
      });
    });
  });
}

describe.skipIf(!serverUrl)("@vercel/postgres through a local WebSocket relay", () => {
  const dbName = `tavolo_vercel_${Date.now()}_${randomBytes(3).toString("hex")}`;
  let relay: Relay | undefined;
  let admin: pg.Client | undefined;
  let db: Db;

  beforeAll(async () => {
    const url = new URL(serverUrl!);
    admin = new pg.Client({ connectionString: ownerUrl ?? serverUrl });
    await admin.connect();
    await admin.query(`create database "${dbName}"`);

    relay = await startRelay({ host: url.hostname, port: Number(url.port || 5432) });
    const neonConfig = await vercelNeonConfig();
    neonConfig.wsProxy = () => `127.0.0.1:${relay!.port}/v1`;
    neonConfig.useSecureWebSocket = false;
    neonConfig.pipelineTLS = false;
    neonConfig.pipelineConnect = false;

    // @vercel/postgres refuses hosts without "-pooler."; the relay ignores the host anyway.
    const user = decodeURIComponent(url.username || "postgres");
    const password = decodeURIComponent(url.password || "local-trust-auth-ignores-this");
    await closeDb();
    delete process.env.DATABASE_URL;
    if (ownerUrl) {
      const owner = new URL(ownerUrl);
      owner.pathname = `/${dbName}`;
      process.env.DATABASE_OWNER_URL = owner.toString();
    }
    process.env.POSTGRES_URL = `postgres://${encodeURIComponent(user)}:${encodeURIComponent(password)}@ep-local-pooler.localhost:${url.port || 5432}/${dbName}`;
  });

  afterAll(async () => {
    await closeDb();
    delete process.env.POSTGRES_URL;
    process.env.DATABASE_URL = serverUrl;
    if (ownerUrl) process.env.DATABASE_OWNER_URL = ownerUrl;
    await relay?.close();
    if (admin) {
      // Let the closed pools' connections finish leaving first: a connection still ending when
      // the drop terminates it reports "terminating connection" as an unhandled error.
      for (let i = 0; i < 50; i++) {
        const { rows } = await admin.query<{ n: number }>("select count(*)::int as n from pg_stat_activity where datname = $1", [dbName]);
        if (rows[0].n === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      await admin.query(`drop database if exists "${dbName}" with (force)`);
      await admin.end();
    }
  });

  it("selects the vercel driver and applies the migrations to a fresh database", async () => {
    expect(currentDriver()).toBe("vercel");
    await runMigrations();
    db = await getDb();
    const result = await db.execute(sql`select current_database() as name, count(*)::int as n from pg_tables where schemaname = 'public' and tablename = 'audit_entries'`);
    const [row] = (result as unknown as { rows: { name: string; n: number }[] }).rows;
    expect(row).toEqual({ name: dbName, n: 1 });
    // Applying them again is a no-op.
    await runMigrations();
    // And it really went through the WebSocket relay.
    expect(relay!.connections()).toBeGreaterThan(0);
  });

  it("commits a transaction", async () => {
    const email = randomEmail();
    await db.transaction(async (tx) => {
      await tx.insert(users).values({ email, name: "Committed", passwordHash: "x" });
    });
    expect(await db.select().from(users).where(eq(users.email, email))).toHaveLength(1);
  });

  it("rolls a transaction back", async () => {
    const email = randomEmail();
    const before = await countRows(db, "users");
    await expect(
      db.transaction(async (tx) => {
        await tx.insert(users).values({ email, name: "Rolled back", passwordHash: "x" });
        throw new Error("abort");
      }),
    ).rejects.toThrow("abort");
    expect(await db.select().from(users).where(eq(users.email, email))).toHaveLength(0);
    expect(await countRows(db, "users")).toBe(before);
  });

  it("runs a service with its audit entry, and a constraint error is recognised as one", async () => {
    const email = randomEmail();
    await signUp(db, { name: "Vercel User", email, password: TEST_PASSWORD });
    // A taken e-mail: the same answer, and still one person (ON CONFLICT through this driver too).
    await signUp(db, { name: "Again", email, password: TEST_PASSWORD });
    expect(await db.select().from(users).where(eq(users.email, email))).toHaveLength(1);
    const duplicate = await db.insert(users).values({ email, name: "Raw", passwordHash: "x" }).then(
      () => null,
      (error: unknown) => error,
    );
    expect(isUniqueViolation(duplicate, "users_email_unique")).toBe(true);
    const chain = await verifyChain(db);
    // Sealed after commit through this driver too: nothing left pending.
    expect(chain).toEqual({ ok: true, count: 1, pending: 0 });
  });

  it("the append-only trigger holds here too", async () => {
    await expect(db.execute(sql`delete from audit_entries`)).rejects.toMatchObject({ cause: { code: "42501" } });
  });
});
