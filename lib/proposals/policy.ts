import type { ProposalStatus } from "@/db/schema";
import type { CallPhase } from "@/lib/calls/policy";
import { ROME } from "@/lib/time";

/** Withdrawal is possible from any state before results are published. */
export function canWithdraw(status: ProposalStatus, phase: CallPhase): boolean {
  const beforeResults = phase !== "results" && phase !== "archived";
  return beforeResults && ["draft", "submitted", "admissible", "inadmissible"].includes(status);
}

/** "canavese" in 2026 → "CAN-2026": three letters of the coalition and the year in Rome. */
export function referencePrefix(coalitionSlug: string, at: Date): string {
  const letters = coalitionSlug.replace(/[^a-z]/gi, "").slice(0, 3).toUpperCase().padEnd(3, "X");
  const year = new Intl.DateTimeFormat("en", { timeZone: ROME, year: "numeric" }).format(at);
  return `${letters}-${year}`;
}

/** A draft can be changed; anything else is frozen. */
export function isEditable(status: ProposalStatus): boolean {
  return status === "draft";
}
