import type { Db, Tx } from "@/db/client";
import { AppError } from "@/lib/errors";
import { unknownThemeKeys } from "./policy";
import { currentVersionOf } from "./service";

/**
 * A call names only themes of its coalition's current protocol. Checked when a draft is
 * saved (`refuse`: throws VALIDATION with the field error) and again at publication (returns
 * the message key for the call's list of problems), after which the call's rules are frozen.
 */
export async function protocolThemesProblem(tx: Db | Tx, coalitionId: string, keys: readonly string[] | undefined, refuse: boolean): Promise<string | null> {
  if (!keys || keys.length === 0) return null;
  const current = await currentVersionOf(tx, coalitionId);
  if (unknownThemeKeys(keys, current?.themes ?? []).length === 0) return null;
  if (refuse) throw new AppError("VALIDATION", "callProtocolThemeUnknown", { protocolThemes: ["callProtocolThemeUnknown"] });
  return "callProtocolThemeUnknown";
}
