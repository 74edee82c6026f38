import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "@/db/client";
import { incentiveProgrammes } from "@/db/schema";
import type { Actor } from "@/lib/auth/actor";
import { createProgramme } from "@/lib/incentives/programmes";
import { demoProgrammes } from "./incentives";
import type { SeedResult } from "./seed";

/** Adds each demo programme missing from the global catalogue (by name); a second run changes nothing. */
export async function ensureIncentiveProgrammes(db: Db, platformAdmin: Actor, result: SeedResult): Promise<void> {
  for (const fields of demoProgrammes()) {
    const [existing] = await db
      .select({ id: incentiveProgrammes.id })
      .from(incentiveProgrammes)
      .where(and(eq(incentiveProgrammes.name, fields.name), isNull(incentiveProgrammes.coalitionId)));
    if (existing) continue;
    await createProgramme(db, platformAdmin, { coalitionId: "", fields });
    result.changes.push(`incentive programme "${fields.name}"`);
  }
}
