import type { Db } from "@/db/client";
import { currentProtocolThemes } from "./queries";

/**
 * The checkboxes of the call form: the protocol in force's themes, then any key the draft
 * already names that an amendment dropped (labelled as such, so it can be unticked).
 */
export async function callFormProtocolThemes(db: Db, coalitionId: string, named: readonly string[], removedLabel: (key: string) => string) {
  const themes = (await currentProtocolThemes(db, coalitionId)).map((th) => ({ key: th.key, label: th.label }));
  const known = new Set(themes.map((th) => th.key));
  return [...themes, ...named.filter((k) => !known.has(k)).map((k) => ({ key: k, label: removedLabel(k) }))];
}
