import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db/client";
import { callBrowseParamsSchema } from "@/lib/calls/browse-params";
import { programmeBrowseParamsSchema } from "@/lib/incentives/programmes";
import { decodeInboxCursor, listNotifications } from "@/lib/notifications/inbox";
import { listBoothProposalsPage } from "@/lib/voting/booth-page";
import { decodeBallotsCursor } from "@/lib/voting/queries";
import { testDb } from "@/test/db";
import { cursorDate, decodeKeyCursor, encodeKeyCursor } from "./keyset";

/**
 * Cursors come from links anyone can edit. Before: a NUL in a text cursor, or a date cursor
 * outside the years 0001–9999, reached PostgreSQL, which refused the parameter — a server
 * error (500) on the voting, coalition, call and public results pages, the calls and
 * incentives catalogues and the inbox, instead of the first page.
 */

const token = (value: unknown) => Buffer.from(JSON.stringify(value), "utf8").toString("base64url");
const id = randomUUID();

let db: Db;
beforeAll(async () => {
  db = await testDb();
});

describe("text keyset cursors", () => {
  it("read as no cursor when the value holds a NUL, is too long, or is not [value, uuid]", () => {
    expect(decodeKeyCursor(encodeKeyCursor({ value: "a\u0000b", id }), "text")).toBeUndefined();
    expect(decodeKeyCursor(token(["x".repeat(801), id]), "text")).toBeUndefined();
    expect(decodeKeyCursor(token(["x", "not-a-uuid"]), "text")).toBeUndefined();
    expect(decodeKeyCursor(token([1e308, id]), "number")).toBeUndefined();
    expect(decodeKeyCursor("%%%", "text")).toBeUndefined();
    expect(decodeKeyCursor("A".repeat(5000), "text")).toBeUndefined();
    expect(decodeBallotsCursor(token(["a\u0000b", id, id]))).toBeNull();
    expect(decodeBallotsCursor(token(["x".repeat(801), id, id]))).toBeNull();
  });

  it("any cursor that decodes is one PostgreSQL takes: the list answers (here, nothing after it)", async () => {
    for (const value of ["x".repeat(800), "😀\ud800", "'; drop table proposals; --", ""]) {
      const cursor = decodeKeyCursor(encodeKeyCursor({ value, id }), "text");
      expect(cursor).toBeDefined();
      const page = await listBoothProposalsPage(db, randomUUID(), randomUUID(), { after: cursor });
      expect(page.proposals).toEqual([]);
      const back = await listBoothProposalsPage(db, randomUUID(), randomUUID(), { before: cursor });
      expect(back.proposals).toEqual([]);
    }
  });
});

describe("date cursors", () => {
  const far = ["-000001-01-01T00:00:00.000Z", "+275760-09-13T00:00:00.000Z", "+010000-01-01T00:00:00.000Z", "0000-01-01T00:00:00.000Z"];

  it("read as no cursor outside the years 0001–9999, in the calls and incentives catalogues and the inbox", () => {
    for (const iso of far) {
      expect(cursorDate(iso), iso).toBeUndefined();
      expect(callBrowseParamsSchema.parse({ after: `${iso}_${id}` }).after, iso).toBeUndefined();
      expect(programmeBrowseParamsSchema.parse({ before: `${iso}_${id}` }).before, iso).toBeUndefined();
      expect(decodeInboxCursor(`${iso}_${id}`), iso).toBeNull();
    }
    expect(callBrowseParamsSchema.parse({ after: `2026-01-01T00:00:00.000Z_${id}` }).after).toEqual({ at: new Date("2026-01-01T00:00:00.000Z"), id });
  });

  it("the edges that pass are taken by PostgreSQL", async () => {
    const actor = { userId: randomUUID(), email: "cursor@example.org", name: "Cursor", isPlatformAdmin: false };
    for (const iso of ["0001-01-01T00:00:00.000Z", "9999-12-31T23:59:59.999Z"]) {
      const before = decodeInboxCursor(`${iso}_${id}`);
      expect(before).not.toBeNull();
      await expect(listNotifications(db, actor, { before })).resolves.toMatchObject({ items: [] });
    }
  });
});
