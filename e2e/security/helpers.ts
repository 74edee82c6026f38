/**
 * Tools for the attack suite (issue 8): call server actions the way an attacker does,
 * sign in without a browser, look seed rows up and prove that a refused request
 * changed nothing. Shared by every spec in e2e/security/.
 *
 * Reads of the database are read-only transactions on the e2e run's own database
 * (DATABASE_OWNER_URL or DATABASE_URL): a check of state, never a way to set it up.
 */
import fs from "node:fs";
import path from "node:path";
import { expect, request as playwrightRequest, type APIRequestContext, type Browser, type BrowserContext } from "@playwright/test";
import pg from "pg";
import { DEMO_COALITION, DEMO_ORGANISATIONS, DEMO_PASSWORD, DEMO_USERS } from "../../db/seed/data";

/** The server Playwright starts (same rule as playwright.config.ts). */
export const BASE_URL = `http://127.0.0.1:${Number(process.env.E2E_PORT ?? 3100)}`;

// ---------------------------------------------------------------- server actions

/** One entry of `<distDir>/server/server-reference-manifest.json` (Turbopack's shape). */
type ManifestEntry = { workers: Record<string, unknown>; filename?: string; exportedName?: string };
type Manifest = { node?: Record<string, ManifestEntry>; edge?: Record<string, ManifestEntry> };

export type ServerAction = {
  /** The id the client sends in the Next-Action header. */
  id: string;
  /** The exported function's name, e.g. "castBallotAction". */
  name: string;
  /** The 'use server' module, e.g. "lib/voting/actions.ts". */
  file: string;
  /** Route entries (e.g. "app/(portal)/calls/[callId]/vote/page") whose client code can call it. */
  workers: string[];
};

export function distDir(): string {
  return path.resolve(process.env.NEXT_DIST_DIR || ".next");
}

let actionsCache: ServerAction[] | undefined;

/** Every server action of the build under test, read from its server reference manifest. */
export function serverActions(): ServerAction[] {
  if (actionsCache) return actionsCache;
  const file = path.join(distDir(), "server", "server-reference-manifest.json");
  if (!fs.existsSync(file)) throw new Error(`No ${file}: build first (NEXT_DIST_DIR=${process.env.NEXT_DIST_DIR ?? ""} npx next build)`);
  const manifest = JSON.parse(fs.readFileSync(file, "utf8")) as Manifest;
  const entries = [...Object.entries(manifest.node ?? {}), ...Object.entries(manifest.edge ?? {})];
  actionsCache = entries.map(([id, entry]) => {
    if (!entry.filename || !entry.exportedName) {
      throw new Error(`Server action ${id} has no filename/exportedName in the manifest: this Next.js build writes another shape`);
    }
    return { id, name: entry.exportedName, file: entry.filename, workers: Object.keys(entry.workers) };
  });
  return actionsCache;
}

/**
 * The id of an action by its exported name ("castBallotAction"), the same without the
 * "Action" suffix ("castBallot"), or "file#name" when two modules export the same name.
 */
export function actionId(name: string): string {
  const [file, exported] = name.includes("#") ? name.split("#") : [undefined, name];
  const found = serverActions().filter(
    (a) => (a.name === exported || a.name === `${exported}Action`) && (file === undefined || a.file === file),
  );
  if (found.length === 0) throw new Error(`No server action "${name}" in the build (${serverActions().map((a) => a.name).join(", ")})`);
  if (found.length > 1) throw new Error(`Server action "${name}" is ambiguous: ${found.map((a) => `${a.file}#${a.name}`).join(", ")}`);
  return found[0].id;
}

/** What lib/action.ts's runAction returns, as it arrives in the action's response. */
export type ActionResult =
  | { ok: true; data: unknown }
  | { ok: false; code: string; error: string; fieldErrors?: Record<string, string[]> };

export type ActionResponse = {
  status: number;
  /** The raw response (React Flight rows for an action, text or HTML otherwise). */
  body: string;
  /** The action's return value, or null when there is none (refused before running, or it threw). */
  result: ActionResult | null;
};

/**
 * The value an action returned, from the Flight rows of its response: row 0 points
 * ("a": "$@N") at the row holding it. A thrown error is an "E" row: no value.
 */
export function actionResultOf(body: string): ActionResult | null {
  const rows = new Map<string, string>();
  for (const line of body.split("\n")) {
    const m = /^([0-9a-f]+):(.*)$/.exec(line);
    if (m) rows.set(m[1], m[2]);
  }
  const root = parseJson(rows.get("0"));
  const ref = root && typeof root === "object" && "a" in root && typeof root.a === "string" ? /^\$@([0-9a-f]+)$/.exec(root.a)?.[1] : undefined;
  const value = ref ? parseJson(rows.get(ref)) : undefined;
  if (!value || typeof value !== "object" || !("ok" in value) || typeof value.ok !== "boolean") return null;
  return value as ActionResult;
}

function parseJson(text: string | undefined): unknown {
  if (!text || !/^[[{]/.test(text)) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export type CallActionOptions = {
  /** Exported name, with or without the "Action" suffix (see actionId). */
  action: string;
  /** The action's arguments, JSON-encoded as the React client does for plain values. */
  args: unknown[];
  /** The page the client would post from; Next forwards to the right worker from any page. */
  page?: string;
  /** The Origin header: the site's own by default, null to send none. */
  origin?: string | null;
  headers?: Record<string, string>;
};

/**
 * POSTs a server action the way the React client does (Next-Action header, text/plain
 * body with the JSON-encoded arguments), with whatever session `request` carries.
 */
export async function callAction(request: APIRequestContext, options: CallActionOptions): Promise<ActionResponse> {
  const headers: Record<string, string> = {
    "Next-Action": actionId(options.action),
    "Content-Type": "text/plain;charset=UTF-8",
    Accept: "text/x-component",
    ...options.headers,
  };
  const origin = options.origin === undefined ? BASE_URL : options.origin;
  if (origin !== null) headers.Origin = origin;
  const response = await request.post(new URL(options.page ?? "/", BASE_URL).toString(), {
    headers,
    data: JSON.stringify(options.args),
    maxRedirects: 0,
    failOnStatusCode: false,
  });
  const body = await response.text();
  return { status: response.status(), body, result: actionResultOf(body) };
}

/** Asserts the action ran and was refused with one of `codes` (a typed refusal, not a crash). */
export function expectRefused(response: ActionResponse, codes: readonly string[], what: string): void {
  const detail = `${what}: HTTP ${response.status} ${response.body.slice(0, 400)}`;
  expect(response.result, detail).not.toBeNull();
  expect(response.result!.ok, detail).toBe(false);
  if (response.result!.ok === false) expect(codes, detail).toContain(response.result!.code);
}

/**
 * Confirms a new person's address with the link mailed at sign-up (until then the account can
 * only read): the token is read from the demo outbox page, then verifyEmail runs as the page would.
 */
export async function confirmAddressOf(request: APIRequestContext, email: string): Promise<void> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const html = await (await request.get(`${BASE_URL}/outbox?to=${encodeURIComponent(email)}`)).text();
    const token = html.match(/\/verify-email\?token=([A-Za-z0-9_-]+)/)?.[1];
    if (token) {
      expectOk(await callAction(request, { action: "verifyEmail", args: [{ token }], page: "/verify-email" }), `confirming ${email}`);
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`no verification link mailed to ${email}`);
}

/** Asserts the action ran and succeeded; returns its data. */
export function expectOk<T = unknown>(response: ActionResponse, what: string): T {
  const detail = `${what}: HTTP ${response.status} ${response.body.slice(0, 600)}`;
  expect(response.result, detail).not.toBeNull();
  expect(response.result!.ok, detail).toBe(true);
  return (response.result as { ok: true; data: T }).data;
}

// ---------------------------------------------------------------- sessions

/** A request context with no session at all. */
export function anonymousRequest(): Promise<APIRequestContext> {
  return playwrightRequest.newContext({ baseURL: BASE_URL });
}

/**
 * Signs in through next-auth's credentials endpoint (the same POST the sign-in form makes)
 * and returns a request context carrying the session cookie.
 */
export async function signedInRequest(email: string, password = DEMO_PASSWORD): Promise<APIRequestContext> {
  const context = await playwrightRequest.newContext({ baseURL: BASE_URL });
  const csrf = await context.get("/api/auth/csrf");
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const response = await context.post("/api/auth/callback/credentials", {
    form: { csrfToken, email, password, callbackUrl: `${BASE_URL}/`, json: "true" },
    headers: { Origin: BASE_URL },
    maxRedirects: 0,
    failOnStatusCode: false,
  });
  const session = (await (await context.get("/api/auth/session")).json()) as { user?: { email?: string } } | null;
  if (session?.user?.email?.toLowerCase() !== email.toLowerCase()) {
    await context.dispose();
    throw new Error(`Sign-in as ${email} failed (HTTP ${response.status()}): ${await response.text()}`);
  }
  return context;
}

/** A browser context with the same session as an API request context. */
export async function browserContextFor(browser: Browser, request: APIRequestContext): Promise<BrowserContext> {
  return browser.newContext({ baseURL: BASE_URL, storageState: await request.storageState() });
}

/** Signs each person in once per spec file; `null` is the visitor without a session. */
export class Personas {
  private readonly contexts = new Map<string, Promise<APIRequestContext>>();

  /** The person's session (signed in on first use, with the demo password unless given). */
  as(email: string | null, password = DEMO_PASSWORD): Promise<APIRequestContext> {
    const key = email ?? "";
    if (!this.contexts.has(key)) this.contexts.set(key, email === null ? anonymousRequest() : signedInRequest(email, password));
    return this.contexts.get(key)!;
  }

  async dispose(): Promise<void> {
    for (const context of this.contexts.values()) await (await context).dispose();
    this.contexts.clear();
  }
}

/** Everyone in the seed by the part they play (see db/seed/data.ts). */
export const WHO = {
  platformAdmin: "admin@tavolo.demo",
  /** Città metropolitana (promoter of the demo coalition): admin and plain member. */
  promoter: "giulia.ferrero@cmto.demo",
  promoterMember: "marco.bertolino@cmto.demo",
  /** Comune di Ivrea (coalition member, public body). */
  ivreaAdmin: "laura.actis@comune-ivrea.demo",
  /** Meccanica Dora (member firm, lead of ERP and Backup). */
  meccanicaAdmin: "roberto.chiantaretto@meccanicadora.demo",
  meccanicaMember: "silvia.vallino@meccanicadora.demo",
  /** Software Eporedia (lead of the Marketplace draft and of SOC). */
  softwareAdmin: "andrea.rosboch@softwareeporedia.demo",
  softwareMember: "federica.zanotto@softwareeporedia.demo",
  /** Elettronica Canavesana (accepted partner of the Marketplace draft). */
  elettronicaAdmin: "maria.giachino@elettronicacanavesana.demo",
  /** Camera di commercio (accepted partner of the Marketplace draft). */
  cciaaAdmin: "franco.musso@cciaa.demo",
  universityAdmin: "chiara.bosio@universita.demo",
  universityMember: "luca.gallo@universita.demo",
  caseificioAdmin: "luisa.vercellino@caseificiovallesacra.demo",
  /** Albergo Castello: an observer of the coalition. */
  observer: "paola.chiono@albergocastello.demo",
  /** Stampi Chiusella: verified, outside the coalition. */
  outsider: "walter.bono@stampichiusella.demo",
  /** Consulenza Chivassese: still waiting for verification. */
  pending: "irene.cena@consulenzachivassese.demo",
} as const;

/** Every demo e-mail address: private data that no public page may show (DESIGN rule 10). */
export const DEMO_EMAILS = DEMO_USERS.map((u) => u.email);

// ---------------------------------------------------------------- database (read-only)

export function databaseUrl(): string | undefined {
  return process.env.DATABASE_OWNER_URL || process.env.DATABASE_URL || undefined;
}

/** Why a spec is skipped when the run has no PostgreSQL database to read back from. */
export const NEEDS_DATABASE = "the attack suite reads state back from PostgreSQL: run it with DATABASE_URL";

export type Query = <T extends Record<string, unknown>>(text: string, params?: unknown[]) => Promise<T[]>;

/** Runs `fn` in a read-only transaction on the e2e database. */
export async function readDb<T>(fn: (query: Query) => Promise<T>): Promise<T> {
  const url = databaseUrl();
  if (!url) throw new Error(NEEDS_DATABASE);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("begin transaction read only");
    const query: Query = async <R extends Record<string, unknown>>(text: string, params: unknown[] = []) => (await client.query<R>(text, params)).rows;
    return await fn(query);
  } finally {
    await client.query("rollback").catch(() => undefined);
    await client.end();
  }
}

/** Tables that change on every sign-in (failure counters, rate limits): not part of the state an action may change. */
const VOLATILE_TABLES = new Set(["sign_in_failures", "rate_limit_hits"]);

/**
 * Columns a background sender changes after an earlier request committed (the outbox's delivery
 * state, written by next/server after() once the response has gone): the fingerprint reads
 * only what a request writes, so mail queued by a test's own set-up and sent a moment later
 * does not look like a change made by the refused request.
 */
const ROW_EXPRESSION: Record<string, string> = {
  email_outbox: "(t.id, t.to_address, t.kind, t.subject, t.text_body, t.created_at)::text",
};

/**
 * A digest of every table's content (row count and an md5 of all rows), so a test can
 * assert that a refused request changed nothing anywhere, audit log included.
 */
export async function stateFingerprint(): Promise<Record<string, string>> {
  return readDb(async (query) => {
    const tables = await query<{ name: string }>(
      "select table_name as name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name",
    );
    const out: Record<string, string> = {};
    for (const { name } of tables) {
      if (VOLATILE_TABLES.has(name)) continue;
      const [row] = await query<{ n: number; h: string }>(
        `select count(*)::int as n, coalesce(md5(string_agg(${ROW_EXPRESSION[name] ?? "t::text"}, '|' order by ${ROW_EXPRESSION[name] ?? "t::text"})), '-') as h from public."${name.replaceAll('"', '""')}" t`,
      );
      out[name] = `${row.n} rows, ${row.h}`;
    }
    return out;
  });
}

export type SeedIds = {
  coalitionId: string;
  org: (key: string) => string;
  user: (email: string) => string;
  call: (title: string) => string;
  proposal: (title: string) => string;
};

function lookup(map: Map<string, string>, what: string): (key: string) => string {
  return (key) => {
    const id = map.get(key);
    if (!id) throw new Error(`No ${what} "${key}" in the e2e database`);
    return id;
  };
}

/** Ids of the seed's rows by their natural keys (organisation key, e-mail, title). */
export async function seedIds(): Promise<SeedIds> {
  return readDb(async (query) => {
    const orgRows = await query<{ id: string; partita_iva: string | null; codice_fiscale: string | null }>(
      "select id, partita_iva, codice_fiscale from organisations",
    );
    const orgs = new Map<string, string>();
    for (const o of DEMO_ORGANISATIONS) {
      const row = orgRows.find((r) => (o.partitaIva ? r.partita_iva === o.partitaIva : r.codice_fiscale === o.codiceFiscale));
      if (row) orgs.set(o.key, row.id);
    }
    const users = new Map((await query<{ id: string; email: string }>("select id, lower(email) as email from users")).map((u) => [u.email, u.id]));
    const [coalition] = await query<{ id: string }>("select id from coalitions where slug = $1", [DEMO_COALITION.slug]);
    if (!coalition) throw new Error(`No coalition ${DEMO_COALITION.slug}: is the e2e database seeded?`);
    const calls = new Map((await query<{ id: string; title: string }>("select id, title from calls where coalition_id = $1", [coalition.id])).map((c) => [c.title, c.id]));
    const proposals = new Map(
      (
        await query<{ id: string; title: string }>(
          "select p.id, p.title from proposals p join calls c on c.id = p.call_id where c.coalition_id = $1 order by p.created_at",
          [coalition.id],
        )
      ).map((p) => [p.title, p.id]),
    );
    return {
      coalitionId: coalition.id,
      org: lookup(orgs, "organisation"),
      user: (email) => lookup(users, "user")(email.toLowerCase()),
      call: lookup(calls, "call"),
      proposal: lookup(proposals, "proposal"),
    };
  });
}

/** The version a draft proposal is at now (saves must name it). */
export async function proposalVersion(proposalId: string): Promise<number> {
  return readDb(async (query) => {
    const [row] = await query<{ version: number }>("select version from proposals where id = $1", [proposalId]);
    if (!row) throw new Error(`No proposal ${proposalId}`);
    return Number(row.version);
  });
}

/** A Rome wall-clock datetime-local value `days` from now (what the call form sends). */
/**
 * The fields of a valid call as the call form sends them: a call a promoter could create,
 * opening for submissions `opensInDays` from now (negative: already open).
 */
export function callFormFields(title: string, description: string, opensInDays = 1) {
  return {
    title,
    description,
    themes: ["erp"],
    sectors: ["industry"],
    budget: "100.000",
    maxRequest: "50.000",
    minCofinancing: "0",
    minPartners: "1",
    maxPartners: "5",
    requiredPartnerKinds: [],
    leadKinds: [],
    sizeClasses: [],
    submissionOpensAt: romeLocal(opensInDays, "09:00"),
    submissionClosesAt: romeLocal(10, "18:00"),
    votingOpensAt: romeLocal(opensInDays < 0 ? 14 : 11, "09:00"),
    votingClosesAt: romeLocal(20, "18:00"),
    votingMethod: "approval",
    quorum: "50",
    ballotsPublic: false,
  };
}

export function romeLocal(days: number, time = "12:00"): string {
  const day = new Date(Date.now() + days * 24 * 60 * 60 * 1000);
  const date = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Rome", year: "numeric", month: "2-digit", day: "2-digit" }).format(day);
  return `${date}T${time}`;
}
