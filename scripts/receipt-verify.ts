/**
 * `npm run receipt:verify -- FILE.pdf`: checks a submission receipt against the database
 * (lib/documents/receipt-verify.ts says how). Prints OK, or what differs.
 * Exit code 0: the receipt matches; 1: it does not; 2: the check could not be made.
 */
import fs from "node:fs";
import { closeDb, getDb } from "@/db/client";
import { verifyReceipt } from "@/lib/documents/receipt-verify";

async function main(): Promise<number> {
  const files = process.argv.slice(2).filter((a) => a !== "--");
  if (files.length !== 1 || files[0] === "-h" || files[0] === "--help") {
    console.log("Usage: npm run receipt:verify -- FILE.pdf   (a submission receipt downloaded from Tavolo)");
    return files.length === 1 ? 0 : 2;
  }
  const bytes = new Uint8Array(fs.readFileSync(files[0]));
  try {
    const report = await verifyReceipt(await getDb(), bytes);
    for (const line of report.lines) (line.startsWith("DIFFERS") ? console.error : console.log)(line);
    return report.ok ? 0 : 1;
  } finally {
    await closeDb();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error("Could not verify the receipt:", error instanceof Error ? error.message : error);
    process.exitCode = 2;
  },
);
