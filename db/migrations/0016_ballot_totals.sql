CREATE TABLE "ballot_totals" (
	"proposal_id" uuid PRIMARY KEY NOT NULL,
	"call_id" uuid NOT NULL,
	"num" bigint DEFAULT 0 NOT NULL,
	"den" bigint DEFAULT 0 NOT NULL,
	"ballots" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "call_count_snapshots" (
	"call_id" uuid PRIMARY KEY NOT NULL,
	"basis" text NOT NULL,
	"count" jsonb NOT NULL,
	"computed_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "ballot_totals" ADD CONSTRAINT "ballot_totals_proposal_id_proposals_id_fk" FOREIGN KEY ("proposal_id") REFERENCES "public"."proposals"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ballot_totals" ADD CONSTRAINT "ballot_totals_call_id_calls_id_fk" FOREIGN KEY ("call_id") REFERENCES "public"."calls"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "call_count_snapshots" ADD CONSTRAINT "call_count_snapshots_call_id_calls_id_fk" FOREIGN KEY ("call_id") REFERENCES "public"."calls"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "ballot_totals_call_idx" ON "ballot_totals" USING btree ("call_id");
--> statement-breakpoint
-- The totals follow every change of a ballot or of a voter, in the change's own statement, as
-- a delta: + what the new rows count, − what the old rows counted. A ballot counts
-- weight × value, weight and 1 when its organisation is a voter of its call not removed.
-- Before counting new ballots, their voters' rows are locked FOR SHARE: a voter removed at
-- the same moment waits for the ballot's transaction (and its trigger then subtracts that
-- ballot), or the ballot's trigger waits for the removal and sees it (and adds nothing).
CREATE FUNCTION ballot_totals_from_ballots() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    PERFORM 1 FROM call_voters v
      WHERE (v.call_id, v.organisation_id) IN (SELECT n.call_id, n.organisation_id FROM new_rows n)
      ORDER BY v.call_id, v.organisation_id
      FOR SHARE OF v;
  END IF;
  IF TG_OP = 'INSERT' THEN
    INSERT INTO ballot_totals AS t (proposal_id, call_id, num, den, ballots)
    SELECT b.proposal_id, b.call_id, sum(v.weight::bigint * b.value), sum(v.weight::bigint), count(*)
      FROM new_rows b JOIN call_voters v ON v.call_id = b.call_id AND v.organisation_id = b.organisation_id AND v.removed_at IS NULL
      GROUP BY b.proposal_id, b.call_id
      ORDER BY b.proposal_id
    ON CONFLICT (proposal_id) DO UPDATE SET num = t.num + excluded.num, den = t.den + excluded.den, ballots = t.ballots + excluded.ballots;
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO ballot_totals AS t (proposal_id, call_id, num, den, ballots)
    SELECT d.proposal_id, d.call_id, sum(d.num), sum(d.den), sum(d.n)
      FROM (
        SELECT b.proposal_id, b.call_id, v.weight::bigint * b.value AS num, v.weight::bigint AS den, 1 AS n
          FROM new_rows b JOIN call_voters v ON v.call_id = b.call_id AND v.organisation_id = b.organisation_id AND v.removed_at IS NULL
        UNION ALL
        SELECT b.proposal_id, b.call_id, -(v.weight::bigint * b.value), -v.weight::bigint, -1
          FROM old_rows b JOIN call_voters v ON v.call_id = b.call_id AND v.organisation_id = b.organisation_id AND v.removed_at IS NULL
      ) d
      GROUP BY d.proposal_id, d.call_id
      ORDER BY d.proposal_id
    ON CONFLICT (proposal_id) DO UPDATE SET num = t.num + excluded.num, den = t.den + excluded.den, ballots = t.ballots + excluded.ballots;
  ELSE
    INSERT INTO ballot_totals AS t (proposal_id, call_id, num, den, ballots)
    SELECT b.proposal_id, b.call_id, -sum(v.weight::bigint * b.value), -sum(v.weight::bigint), -count(*)
      FROM old_rows b JOIN call_voters v ON v.call_id = b.call_id AND v.organisation_id = b.organisation_id AND v.removed_at IS NULL
      GROUP BY b.proposal_id, b.call_id
      ORDER BY b.proposal_id
    ON CONFLICT (proposal_id) DO UPDATE SET num = t.num + excluded.num, den = t.den + excluded.den, ballots = t.ballots + excluded.ballots;
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER ballot_totals_ballots_insert AFTER INSERT ON ballots REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ballot_totals_from_ballots();
--> statement-breakpoint
CREATE TRIGGER ballot_totals_ballots_update AFTER UPDATE ON ballots REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ballot_totals_from_ballots();
--> statement-breakpoint
CREATE TRIGGER ballot_totals_ballots_delete AFTER DELETE ON ballots REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION ballot_totals_from_ballots();
--> statement-breakpoint
-- A voter added, removed (removed_at set), given back or reweighted: its ballots leave the
-- totals with the old row and come back with the new one.
CREATE FUNCTION ballot_totals_from_voters() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO ballot_totals AS t (proposal_id, call_id, num, den, ballots)
    SELECT b.proposal_id, b.call_id, sum(v.weight::bigint * b.value), sum(v.weight::bigint), count(*)
      FROM new_rows v JOIN ballots b ON b.call_id = v.call_id AND b.organisation_id = v.organisation_id
      WHERE v.removed_at IS NULL
      GROUP BY b.proposal_id, b.call_id
      ORDER BY b.proposal_id
    ON CONFLICT (proposal_id) DO UPDATE SET num = t.num + excluded.num, den = t.den + excluded.den, ballots = t.ballots + excluded.ballots;
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO ballot_totals AS t (proposal_id, call_id, num, den, ballots)
    SELECT d.proposal_id, d.call_id, sum(d.num), sum(d.den), sum(d.n)
      FROM (
        SELECT b.proposal_id, b.call_id, v.weight::bigint * b.value AS num, v.weight::bigint AS den, 1 AS n
          FROM new_rows v JOIN ballots b ON b.call_id = v.call_id AND b.organisation_id = v.organisation_id
          WHERE v.removed_at IS NULL
        UNION ALL
        SELECT b.proposal_id, b.call_id, -(v.weight::bigint * b.value), -v.weight::bigint, -1
          FROM old_rows v JOIN ballots b ON b.call_id = v.call_id AND b.organisation_id = v.organisation_id
          WHERE v.removed_at IS NULL
      ) d
      GROUP BY d.proposal_id, d.call_id
      ORDER BY d.proposal_id
    ON CONFLICT (proposal_id) DO UPDATE SET num = t.num + excluded.num, den = t.den + excluded.den, ballots = t.ballots + excluded.ballots;
  ELSE
    INSERT INTO ballot_totals AS t (proposal_id, call_id, num, den, ballots)
    SELECT b.proposal_id, b.call_id, -sum(v.weight::bigint * b.value), -sum(v.weight::bigint), -count(*)
      FROM old_rows v JOIN ballots b ON b.call_id = v.call_id AND b.organisation_id = v.organisation_id
      WHERE v.removed_at IS NULL
      GROUP BY b.proposal_id, b.call_id
      ORDER BY b.proposal_id
    ON CONFLICT (proposal_id) DO UPDATE SET num = t.num + excluded.num, den = t.den + excluded.den, ballots = t.ballots + excluded.ballots;
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER ballot_totals_voters_insert AFTER INSERT ON call_voters REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ballot_totals_from_voters();
--> statement-breakpoint
CREATE TRIGGER ballot_totals_voters_update AFTER UPDATE ON call_voters REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ballot_totals_from_voters();
--> statement-breakpoint
CREATE TRIGGER ballot_totals_voters_delete AFTER DELETE ON call_voters REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION ballot_totals_from_voters();
--> statement-breakpoint
-- The ballots already cast.
INSERT INTO ballot_totals (proposal_id, call_id, num, den, ballots)
SELECT b.proposal_id, b.call_id, sum(v.weight::bigint * b.value), sum(v.weight::bigint), count(*)
  FROM ballots b JOIN call_voters v ON v.call_id = b.call_id AND v.organisation_id = b.organisation_id AND v.removed_at IS NULL
  GROUP BY b.proposal_id, b.call_id;
