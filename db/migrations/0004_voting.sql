CREATE TABLE "ballots" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"call_id" uuid NOT NULL,
	"proposal_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"cast_by" uuid NOT NULL,
	"value" integer NOT NULL,
	"receipt_hash" text NOT NULL,
	"revision" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ballots_value_range" CHECK ("ballots"."value" between -1 and 5)
);
--> statement-breakpoint
CREATE TABLE "call_results" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"call_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"reason" text,
	"voting_method" text NOT NULL,
	"eligible_weight" bigint NOT NULL,
	"turnout_weight" bigint NOT NULL,
	"quorum_bp" integer NOT NULL,
	"quorum_reached" boolean NOT NULL,
	"budget_cents" bigint NOT NULL,
	"allocated_cents" bigint NOT NULL,
	"skipped_cents" bigint NOT NULL,
	"ranking" jsonb NOT NULL,
	"receipt_hashes" jsonb NOT NULL,
	"fingerprint" text NOT NULL,
	"ballot_count" integer NOT NULL,
	"published_by" uuid NOT NULL,
	"published_at" timestamp with time zone NOT NULL,
	CONSTRAINT "call_results_reason_after_first" CHECK ("call_results"."version" = 1 or "call_results"."reason" is not null)
);
--> statement-breakpoint
CREATE TABLE "call_voter_snapshots" (
	"call_id" uuid PRIMARY KEY NOT NULL,
	"taken_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "call_voters" (
	"call_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"weight" integer NOT NULL,
	CONSTRAINT "call_voters_call_id_organisation_id_pk" PRIMARY KEY("call_id","organisation_id"),
	CONSTRAINT "call_voters_weight_positive" CHECK ("call_voters"."weight" > 0)
);
--> statement-breakpoint
ALTER TABLE "ballots" ADD CONSTRAINT "ballots_call_id_calls_id_fk" FOREIGN KEY ("call_id") REFERENCES "public"."calls"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ballots" ADD CONSTRAINT "ballots_proposal_id_proposals_id_fk" FOREIGN KEY ("proposal_id") REFERENCES "public"."proposals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ballots" ADD CONSTRAINT "ballots_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ballots" ADD CONSTRAINT "ballots_cast_by_users_id_fk" FOREIGN KEY ("cast_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "call_results" ADD CONSTRAINT "call_results_call_id_calls_id_fk" FOREIGN KEY ("call_id") REFERENCES "public"."calls"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "call_results" ADD CONSTRAINT "call_results_published_by_users_id_fk" FOREIGN KEY ("published_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "call_voter_snapshots" ADD CONSTRAINT "call_voter_snapshots_call_id_calls_id_fk" FOREIGN KEY ("call_id") REFERENCES "public"."calls"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "call_voters" ADD CONSTRAINT "call_voters_call_id_calls_id_fk" FOREIGN KEY ("call_id") REFERENCES "public"."calls"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "call_voters" ADD CONSTRAINT "call_voters_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "ballots_one_per_organisation" ON "ballots" USING btree ("proposal_id","organisation_id");--> statement-breakpoint
CREATE INDEX "ballots_call_idx" ON "ballots" USING btree ("call_id","organisation_id");--> statement-breakpoint
CREATE UNIQUE INDEX "call_results_version_unique" ON "call_results" USING btree ("call_id","version");--> statement-breakpoint
-- Published results are irreversible: a correction is a new version, never an edit.
CREATE OR REPLACE FUNCTION call_results_refuse_change() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'call_results is append-only: % is not allowed', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER call_results_no_update_delete
  BEFORE UPDATE OR DELETE ON call_results
  FOR EACH ROW EXECUTE FUNCTION call_results_refuse_change();
