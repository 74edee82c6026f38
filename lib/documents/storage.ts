import { createHash } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { getDb, type Db, type Tx } from "@/db/client";
import { fileBlobs } from "@/db/schema";

/**
 * Where file contents live: PostgreSQL's file_blobs table, one row per SHA-256
 * (deduplicated). The only module that touches that table, so an object store can take
 * its place later behind the same four functions.
 */

/** Bytes read per query when streaming: a download never holds the whole file in memory. */
export const STREAM_CHUNK_BYTES = 256 * 1024;

export function sha256Hex(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** A bytea value as the drivers hand it back from raw SQL (Buffer, Uint8Array, or "\x…" hex text). */
function toBytes(value: unknown): Uint8Array {
  if (value instanceof Uint8Array) return value;
  if (typeof value === "string" && value.startsWith("\\x")) return new Uint8Array(Buffer.from(value.slice(2), "hex"));
  throw new Error("Unexpected bytea value from the database driver");
}

/**
 * Keeps the bytes inside the caller's transaction and returns their SHA-256 and size.
 * The same bytes twice make one row (insert … on conflict do nothing).
 */
export async function putBlob(tx: Tx | Db, bytes: Uint8Array): Promise<{ sha256: string; sizeBytes: number }> {
  const sha256 = sha256Hex(bytes);
  const sizeBytes = bytes.length;
  await tx
    .insert(fileBlobs)
    .values({ sha256, sizeBytes, content: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) })
    .onConflictDoNothing({ target: fileBlobs.sha256 });
  return { sha256, sizeBytes };
}

/** The size of a kept blob, or null when there is none. */
export async function blobSize(sha256: string, db?: Db | Tx): Promise<number | null> {
  const handle = db ?? (await getDb());
  const [row] = await handle.select({ sizeBytes: fileBlobs.sizeBytes }).from(fileBlobs).where(eq(fileBlobs.sha256, sha256));
  return row?.sizeBytes ?? null;
}

/**
 * The blob's bytes as a stream, read STREAM_CHUNK_BYTES at a time with
 * substring(content from x for n): memory stays bounded whatever the file's size.
 * Errors (no such blob) surface on the first read.
 */
export function blobStream(sha256: string, chunkBytes = STREAM_CHUNK_BYTES): ReadableStream<Uint8Array> {
  let size: number | null = null;
  let offset = 0;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const db = await getDb();
        if (size === null) {
          size = await blobSize(sha256, db);
          if (size === null) {
            controller.error(new Error(`No blob ${sha256}`));
            return;
          }
        }
        if (offset >= size) {
          controller.close();
          return;
        }
        const [row] = await db
          .select({ chunk: sql<unknown>`substring(${fileBlobs.content} from ${offset + 1} for ${chunkBytes})` })
          .from(fileBlobs)
          .where(eq(fileBlobs.sha256, sha256));
        const chunk = toBytes(row?.chunk);
        if (chunk.length === 0) {
          controller.close();
          return;
        }
        offset += chunk.length;
        controller.enqueue(chunk);
        if (offset >= size) controller.close();
      },
    },
    { highWaterMark: 1 },
  );
}

/** The whole blob (for small files and generated PDFs), or null when there is none. */
export async function readBlob(sha256: string, db?: Db | Tx): Promise<Uint8Array | null> {
  const handle = db ?? (await getDb());
  const [row] = await handle.select({ content: fileBlobs.content }).from(fileBlobs).where(eq(fileBlobs.sha256, sha256));
  return row ? new Uint8Array(row.content) : null;
}
