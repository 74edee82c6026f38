import { sql, type SQL } from "drizzle-orm";
import type { Db, Tx } from "@/db/client";
import type { EntryEvaluation } from "@/db/schema";
import { bigToDecimal, parseBig } from "@/lib/evaluation/combine";
import { getMunicipality } from "@/lib/municipalities";
import { publicStatuses } from "@/lib/proposals/access";

/**
 * The open data of a coalition (issue 12, item 6): five datasets with fixed names, each an
 * allow-list of public columns read straight from SQL — never a table dumped whole, so a
 * column added to a table later stays private until someone adds it here on purpose.
 *
 * What stays out (DESIGN rule 10): people (names, e-mails), tax codes (a sole trader's
 * codice fiscale is a person's), drafts and withdrawn proposals, draft calls, budget lines
 * and partners' private notes, ballots (only the published counts), revocation reasons,
 * and everything about who pressed which button.
 *
 * Each dataset is read in keyset batches on a unique key (`after` → `limit` rows), so a
 * download of 100,000 rows holds one batch at a time (lib/opendata/stream.ts).
 */

export const DATASET_NAMES = ["organisations", "calls", "proposals", "results", "grants"] as const;
export type DatasetName = (typeof DATASET_NAMES)[number];

export function isDatasetName(value: string): value is DatasetName {
  return (DATASET_NAMES as readonly string[]).includes(value);
}

/** How a value is written: CSV cell type and JSON value. */
export type ColumnType = "text" | "number" | "money" | "date" | "datetime" | "boolean";

/** `key`: the JSON field (stable, snake_case); `header`: the CSV header (Italian). Money is integer cents in JSON. */
export type Column = { key: string; header: string; type: ColumnType };

export type Row = Record<string, unknown>;

export type Batch = { rows: Row[]; next: string | null };

type Dataset = {
  columns: Column[];
  /** One batch after the cursor, in key order; `next` is the cursor of the last row when the batch is full. */
  batch: (db: Db | Tx, coalitionId: string, after: string | null, limit: number) => Promise<Batch>;
  /** The relation's last change (an SQL max) and its row count. */
  summary: (coalitionId: string) => SQL;
};

function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

const c = (key: string, header: string, type: ColumnType = "text"): Column => ({ key, header, type });

/**
 * Batches keyed on one uuid column, aliased `_key` in the select. The select puts the cursor's
 * bound itself (`after(column)`) where the planner can use it: on the key and on every column
 * joined to it, so a batch is an index range scan rather than a walk from the start.
 */
function uuidKeyed(select: (coalitionId: string, after: (column: SQL) => SQL) => SQL, map: (row: Row) => Row = (row) => row) {
  return async (db: Db | Tx, coalitionId: string, after: string | null, limit: number): Promise<Batch> => {
    const bound = (column: SQL) => (after === null ? sql`true` : sql`${column} > ${after}::uuid`);
    const rows = rowsOf<Row>(await db.execute(sql`select * from (${select(coalitionId, bound)}) d order by _key limit ${limit}`)).map(map);
    return { rows, next: rows.length === limit ? String(rows[rows.length - 1]._key) : null };
  };
}

const publicStatusList = sql.join(
  publicStatuses.map((s) => sql`${s}`),
  sql`, `,
);

const organisations: Dataset = {
  columns: [
    c("organisation_id", "ID organizzazione"),
    c("name", "Denominazione"),
    c("kind", "Tipo"),
    c("coalition_role", "Ruolo nel patto"),
    c("weight", "Peso di voto", "number"),
    c("joined_at", "Aderente dal", "datetime"),
    c("municipality_code", "Codice ISTAT comune"),
    c("municipality", "Comune"),
    c("province", "Provincia"),
    c("ateco_code", "Codice ATECO"),
    c("size_class", "Classe dimensionale"),
    c("codice_ipa", "Codice IPA"),
  ],
  // Keyed on the organisation: (coalition, organisation) is unique and indexed, so each batch is an index range scan.
  batch: uuidKeyed(
    (coalitionId, after) => sql`
      select cm.organisation_id as _key, o.id as organisation_id, o.legal_name as name, o.kind::text as kind, cm.role::text as coalition_role,
             case when cm.role = 'observer' then null else cm.weight end as weight, cm.joined_at,
             o.municipality_code, nullif(o.ateco_code, '') as ateco_code, o.size_class::text as size_class, o.codice_ipa
      from coalition_members cm join organisations o on o.id = cm.organisation_id
      where cm.coalition_id = ${coalitionId} and ${after(sql`cm.organisation_id`)} and ${after(sql`o.id`)}`,
    // The municipality's name and province from the ISTAT list the application ships (not a table).
    (row) => {
      const m = getMunicipality(String(row.municipality_code));
      return { ...row, municipality: m?.name ?? null, province: m?.province ?? null };
    },
  ),
  summary: (coalitionId) => sql`
    select count(*)::int as rows, max(greatest(cm.joined_at, o.created_at)) as last_update
    from coalition_members cm join organisations o on o.id = cm.organisation_id where cm.coalition_id = ${coalitionId}`,
};

const calls: Dataset = {
  columns: [
    c("call_id", "ID bando"),
    c("title", "Titolo"),
    c("status", "Stato"),
    c("description", "Descrizione"),
    c("themes", "Temi"),
    c("sectors", "Settori"),
    c("budget_cents", "Dotazione (EUR)", "money"),
    c("max_request_cents", "Contributo massimo per proposta (EUR)", "money"),
    c("min_cofinancing_bp", "Cofinanziamento minimo (punti base)", "number"),
    c("min_partners", "Partner minimi", "number"),
    c("max_partners", "Partner massimi", "number"),
    c("submission_opens_at", "Apertura presentazione", "datetime"),
    c("submission_closes_at", "Chiusura presentazione", "datetime"),
    c("voting_opens_at", "Apertura voto", "datetime"),
    c("voting_closes_at", "Chiusura voto", "datetime"),
    c("voting_method", "Metodo di voto"),
    c("quorum_bp", "Quorum (punti base)", "number"),
    c("ballots_public", "Voti palesi", "boolean"),
    c("published_at", "Pubblicato il", "datetime"),
    c("results_published_at", "Risultati pubblicati il", "datetime"),
  ],
  batch: uuidKeyed(
    (coalitionId, after) => sql`
      select c.id as _key, c.id as call_id, c.title, c.status::text as status, c.description,
             array_to_string(c.themes, ', ') as themes, array_to_string(c.sectors, ', ') as sectors,
             c.budget_cents, c.max_request_cents, c.min_cofinancing_bp, c.min_partners, c.max_partners,
             c.submission_opens_at, c.submission_closes_at, c.voting_opens_at, c.voting_closes_at,
             c.voting_method::text as voting_method, c.quorum_bp, c.ballots_public, c.published_at, c.results_published_at
      from calls c
      where c.coalition_id = ${coalitionId} and c.status <> 'draft' and ${after(sql`c.id`)}`,
  ),
  summary: (coalitionId) => sql`
    select count(*)::int as rows, max(c.updated_at) as last_update from calls c where c.coalition_id = ${coalitionId} and c.status <> 'draft'`,
};

const proposals: Dataset = {
  columns: [
    c("proposal_id", "ID proposta"),
    c("reference", "Riferimento"),
    c("title", "Titolo"),
    c("call_id", "ID bando"),
    c("call_title", "Bando"),
    c("lead_organisation_id", "ID capofila"),
    c("lead_name", "Capofila"),
    c("status", "Stato"),
    c("inadmissibility_reason", "Motivo di inammissibilità"),
    c("submitted_at", "Presentata il", "datetime"),
    c("summary", "Sintesi"),
    c("solution_type", "Tipo di soluzione"),
    c("sectors", "Settori"),
    c("duration_months", "Durata (mesi)", "number"),
    c("partners", "Partner"),
    c("partner_count", "Numero di partner", "number"),
    c("total_cost_cents", "Costo totale (EUR)", "money"),
    c("requested_cents", "Contributo richiesto (EUR)", "money"),
    c("cofinancing_cents", "Cofinanziamento (EUR)", "money"),
  ],
  batch: uuidKeyed(
    (coalitionId, after) => sql`
      select p.id as _key, p.id as proposal_id, p.reference, p.title, c.id as call_id, c.title as call_title,
             p.lead_organisation_id, lo.legal_name as lead_name, p.status::text as status,
             case when p.status = 'inadmissible' then p.status_reason end as inadmissibility_reason,
             p.submitted_at, p.summary, p.solution_type, array_to_string(p.sectors, ', ') as sectors, p.duration_months,
             (select string_agg(o.legal_name, ' | ' order by o.legal_name) from proposal_partners pp join organisations o on o.id = pp.organisation_id
               where pp.proposal_id = p.id and pp.status = 'accepted') as partners,
             (select count(*)::int from proposal_partners pp where pp.proposal_id = p.id and pp.status = 'accepted') as partner_count,
             (select coalesce(sum(l.amount_cents), 0)::bigint from proposal_budget_lines l where l.proposal_id = p.id) as total_cost_cents,
             p.requested_cents,
             (select coalesce(sum(pp.cofinancing_cents), 0)::bigint from proposal_partners pp where pp.proposal_id = p.id and pp.status = 'accepted') as cofinancing_cents
      from proposals p
      join calls c on c.id = p.call_id
      join organisations lo on lo.id = p.lead_organisation_id
      where c.coalition_id = ${coalitionId} and c.status <> 'draft' and p.status in (${publicStatusList}) and ${after(sql`p.id`)}`,
  ),
  summary: (coalitionId) => sql`
    select count(*)::int as rows, max(p.updated_at) as last_update
    from proposals p join calls c on c.id = p.call_id
    where c.coalition_id = ${coalitionId} and c.status <> 'draft' and p.status in (${publicStatusList})`,
};

/** Results: one row per ranked proposal of each published version, keyed on (version row, position in its ranking). */
const results: Dataset = {
  columns: [
    c("call_id", "ID bando"),
    c("call_title", "Bando"),
    c("version", "Versione", "number"),
    c("published_at", "Pubblicata il", "datetime"),
    c("correction_reason", "Motivo della correzione"),
    c("voting_method", "Metodo di voto"),
    c("quorum_reached", "Quorum raggiunto", "boolean"),
    c("eligible_weight", "Peso degli aventi diritto", "number"),
    c("turnout_weight", "Peso dei votanti", "number"),
    c("budget_cents", "Dotazione (EUR)", "money"),
    c("rank", "Posizione", "number"),
    c("proposal_id", "ID proposta"),
    c("reference", "Riferimento"),
    c("title", "Titolo"),
    c("lead_name", "Capofila"),
    c("requested_cents", "Richiesto (EUR)", "money"),
    c("value", "Valore", "number"),
    c("ballots", "Schede", "number"),
    c("outcome", "Esito"),
    c("allocated_cents", "Assegnato (EUR)", "money"),
    c("fingerprint", "Impronta delle schede"),
    // Only where the call's technical appraisal combines with the vote (empty otherwise): lib/evaluation/combine.ts.
    c("technical_points", "Punteggio tecnico", "number"),
    c("technical_max", "Punteggio tecnico massimo", "number"),
    c("final_score", "Punteggio finale (0-1)", "number"),
  ],
  batch: async (db, coalitionId, after, limit) => {
    const [id, ord] = after === null ? [null, 0] : after.split(":");
    const afterSql = id === null ? sql`true` : sql`(cr.id, e.ord) > (${id}::uuid, ${Number(ord)}::bigint)`;
    const rows = rowsOf<Row>(
      await db.execute(sql`
        select cr.id::text || ':' || e.ord::text as _key, c.id as call_id, c.title as call_title, cr.version, cr.published_at,
               cr.reason as correction_reason, cr.voting_method, cr.quorum_reached, cr.eligible_weight, cr.turnout_weight, cr.budget_cents,
               (e.entry->>'rank')::int as rank, e.entry->>'proposalId' as proposal_id, e.entry->>'reference' as reference,
               e.entry->>'title' as title, e.entry->>'leadName' as lead_name, (e.entry->>'requestedCents')::bigint as requested_cents,
               (e.entry->>'valueNum')::numeric as value_num, (e.entry->>'valueDen')::numeric as value_den,
               (e.entry->>'ballots')::int as ballots, e.entry->>'outcome' as outcome, (e.entry->>'allocatedCents')::bigint as allocated_cents,
               cr.fingerprint, e.entry->'evaluation' as evaluation
        from call_results cr
        join calls c on c.id = cr.call_id
        cross join lateral jsonb_array_elements(cr.ranking) with ordinality as e(entry, ord)
        where c.coalition_id = ${coalitionId} and c.status <> 'draft' and ${afterSql}
        order by cr.id, e.ord
        limit ${limit}`),
    ).map(({ value_num, value_den, evaluation, ...r }): Row => {
      const num = Number(value_num);
      const den = Number(value_den) || 1;
      const appraisal = evaluation as EntryEvaluation | null;
      const final = appraisal ? parseBig(appraisal.finalNum, appraisal.finalDen) : null;
      // As the call's own results CSV writes it: the exact integer, or the mean to four decimals.
      return {
        ...r,
        value: den === 1 ? num : Math.round((num / den) * 10_000) / 10_000,
        technical_points: appraisal?.technicalPoints ?? null,
        technical_max: appraisal?.technicalMax ?? null,
        final_score: final ? Number(bigToDecimal(final, 4)) : null,
      };
    });
    return { rows, next: rows.length === limit ? String(rows[rows.length - 1]._key) : null };
  },
  summary: (coalitionId) => sql`
    select coalesce(sum(jsonb_array_length(cr.ranking)), 0)::int as rows, max(cr.published_at) as last_update
    from call_results cr join calls c on c.id = cr.call_id where c.coalition_id = ${coalitionId} and c.status <> 'draft'`,
};

const grants: Dataset = {
  columns: [
    c("grant_id", "ID concessione"),
    c("programme", "Programma"),
    c("call_id", "ID bando"),
    c("call_title", "Bando"),
    c("proposal_id", "ID proposta"),
    c("reference", "Riferimento proposta"),
    c("project_title", "Progetto"),
    c("organisation_id", "ID beneficiario"),
    c("beneficiary", "Beneficiario"),
    c("status", "Stato"),
    c("act_number", "Atto di concessione"),
    c("act_date", "Data dell'atto", "date"),
    c("cup", "CUP"),
    c("cor", "COR"),
    c("starts_on", "Inizio progetto", "date"),
    c("ends_on", "Fine progetto", "date"),
    c("granted_cents", "Concesso (EUR)", "money"),
    c("revoked_cents", "Revocato (EUR)", "money"),
    c("net_granted_cents", "Concesso al netto delle revoche (EUR)", "money"),
    c("paid_cents", "Erogato (EUR)", "money"),
  ],
  batch: uuidKeyed(
    (coalitionId, after) => sql`
      select g.id as _key, g.id as grant_id, 'pact' as programme, c.id as call_id, c.title as call_title, p.id as proposal_id, p.reference,
             p.title as project_title, o.id as organisation_id, o.legal_name as beneficiary, g.status::text as status,
             g.act_number, g.act_date::text as act_date, g.cup, g.cor, g.starts_on::text as starts_on, g.ends_on::text as ends_on,
             g.granted_cents, g.revoked_cents, (g.granted_cents - g.revoked_cents) as net_granted_cents, g.paid_cents
      from grants g
      join calls c on c.id = g.call_id
      join proposals p on p.id = g.proposal_id
      join organisations o on o.id = g.organisation_id
      where c.coalition_id = ${coalitionId} and ${after(sql`g.id`)}`,
  ),
  summary: (coalitionId) => sql`
    select count(*)::int as rows, max(g.updated_at) as last_update from grants g join calls c on c.id = g.call_id where c.coalition_id = ${coalitionId}`,
};

export const DATASETS: Record<DatasetName, Dataset> = { organisations, calls, proposals, results, grants };

export type DatasetSummary = { name: DatasetName; rows: number; lastUpdate: Date | null };

/** Each dataset's row count and last change, for the catalogue page (five small aggregates). */
export async function datasetSummaries(db: Db | Tx, coalitionId: string): Promise<DatasetSummary[]> {
  return Promise.all(
    DATASET_NAMES.map(async (name) => {
      const [r] = rowsOf<{ rows: number; last_update: string | Date | null }>(await db.execute(DATASETS[name].summary(coalitionId)));
      const last = r?.last_update ?? null;
      return { name, rows: Number(r?.rows ?? 0), lastUpdate: last === null ? null : new Date(last) };
    }),
  );
}
