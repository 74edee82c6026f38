/** `npm run audit:verify`: walks the hash chain of the audit log and reports the first broken link. */
import { closeDb, getDb } from "@/db/client";
import { verifyChain } from "@/lib/audit";

const reasons = {
  prev_hash_mismatch: "it does not point to the hash of the entry before it",
  hash_mismatch: "its content does not match its hash",
} as const;

async function main(): Promise<number> {
  try {
    const result = await verifyChain(await getDb());
    if (result.ok) {
      console.log(`All ${result.count} audit entries verify.`);
      return 0;
    }
    console.error(`Broken link at entry #${result.brokenAt} (${result.reason}: ${reasons[result.reason]}). ${result.count} entries before it verify.`);
    return 1;
  } finally {
    await closeDb();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error("Could not verify the audit log:", error instanceof Error ? error.message : error);
    process.exitCode = 2;
  },
);
