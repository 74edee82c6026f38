import { decodeKeyCursor, type KeyCursor } from "@/lib/paging/keyset";

type Page = { next?: string; previous?: string };

/**
 * Every page of a keyset list, following its next links (or its previous links from
 * `start`), as a visitor would: each link's token decoded as the page decodes it.
 */
export async function walkPages<P extends Page>(read: (cursors: { after?: KeyCursor<number>; before?: KeyCursor<number> }) => Promise<P>, direction: "next" | "previous" = "next", start?: string) {
  const pages: P[] = [];
  let token = start;
  for (let i = 0; i < 1000; i++) {
    const cursor = decodeKeyCursor(token, "number");
    const page = await read(direction === "next" ? { after: cursor } : { before: cursor });
    pages.push(page);
    token = page[direction];
    if (!token) break;
  }
  return pages;
}

/** Tokens a crafted link could carry: empty, not base64 JSON, a wrong shape, a number too big, a NUL. */
export const HOSTILE_TOKENS = [
  "",
  "garbage",
  Buffer.from(JSON.stringify(["x", "not-a-uuid"])).toString("base64url"),
  Buffer.from(JSON.stringify([1e300, "00000000-0000-4000-8000-000000000000"])).toString("base64url"),
  Buffer.from(JSON.stringify(["\u0000", "00000000-0000-4000-8000-000000000000"])).toString("base64url"),
];
