import type { Db } from "@/db/client";
import { streamResultReceipts } from "./queries";

/** For tests: a results version's whole receipt list, read through the download's stream (small batches to cross their edges). */
export async function publishedReceiptHashes(db: Db, callId: string, version: number, batchSize = 2): Promise<string[]> {
  const text = await new Response(streamResultReceipts(db, { callId, version, batchSize })).text();
  return text === "" ? [] : text.split("\n");
}
