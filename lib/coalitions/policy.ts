import type { CoalitionRole } from "@/db/schema";

/** A coalition always keeps at least one promoter. */
export function keepsAPromoter(input: { promoterCount: number; currentRole: CoalitionRole; newRole: CoalitionRole | null }): boolean {
  if (input.currentRole !== "promoter" || input.newRole === "promoter") return true;
  return input.promoterCount > 1;
}

/** Observers read but never vote; a weight of zero never counts. */
export function canVote(member: { role: CoalitionRole; weight: number }): boolean {
  return member.role !== "observer" && member.weight > 0;
}

/** A readable, stable address for a coalition: "Patto per l'innovazione…" → "patto-per-l-innovazione". */
export function slugify(name: string): string {
  const slug = name
    .normalize("NFD")
    .replace(/\p{Diacritic}/gu, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/g, "");
  return slug || "coalizione";
}
