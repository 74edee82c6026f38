import { getTranslations } from "next-intl/server";
import type { Call, EntryEvaluation } from "@/db/schema";
import { getDb } from "@/db/client";
import { bigToDecimal, parseBig } from "@/lib/evaluation/combine";
import { listCriteria } from "@/lib/evaluation/criteria";
import { weightPercent } from "@/lib/evaluation/criteria-policy";

type RuleCall = Pick<Call, "id" | "evaluationMode" | "evaluationMinTotal" | "evaluationWeightBp" | "votingMethod">;

/** An exact 0–1 fraction as people read it, 3 decimals ("0,868" in Italian). */
export function formatUnit(num: string | undefined, den: string | undefined, locale: string): string {
  const f = parseBig(num, den);
  if (!f) return "—";
  const text = bigToDecimal(f, 3);
  return locale === "it" ? text.replace(".", ",") : text;
}

/** The technical score as "82/100". */
export function formatTechnical(e: EntryEvaluation | undefined): string {
  return e ? `${e.technicalPoints}/${e.technicalMax}` : "—";
}

/** How the call's appraisal combines with the vote, in words (nothing when it has no appraisal). */
export async function EvaluationRuleText({ call, maxTotal, className = "" }: { call: RuleCall; maxTotal: number; className?: string }) {
  if (call.evaluationMode === "none") return null;
  const t = await getTranslations("evaluation.rule");
  const w = weightPercent(call.evaluationWeightBp);
  const vote = t(call.votingMethod === "score" ? "voteScore" : "voteApproval");
  return (
    <p className={className} data-testid="evaluation-rule" data-mode={call.evaluationMode}>
      {t(call.evaluationMode, { max: maxTotal, min: call.evaluationMinTotal, w, v: 100 - w, vote })} {t("ties")}
    </p>
  );
}

/** On a call's public page: its evaluation criteria, the minimum and how the appraisal combines with the vote. */
export async function CallCriteria({ call }: { call: RuleCall }) {
  if (call.evaluationMode === "none") return null;
  const criteria = await listCriteria(await getDb(), call.id);
  const t = await getTranslations("evaluation");
  const max = criteria.reduce((s, c) => s + c.maxPoints, 0);
  return (
    <section aria-labelledby="evaluation-criteria-title" data-testid="call-criteria">
      <h2 className="h4 mt-4" id="evaluation-criteria-title">
        {t("criteria.title")}
      </h2>
      <ol>
        {criteria.map((c) => (
          <li key={c.id}>
            {t("criteria.item", { name: c.name, points: c.maxPoints })}
            {c.description && <span className="d-block text-muted">{c.description}</span>}
          </li>
        ))}
      </ol>
      <p>{t("criteria.total", { max, min: call.evaluationMinTotal })}</p>
      <h3 className="h5">{t("rule.title")}</h3>
      <EvaluationRuleText call={call} maxTotal={max} />
    </section>
  );
}
