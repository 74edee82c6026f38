CREATE TYPE "public"."coalition_join_direction" AS ENUM('request', 'invitation');--> statement-breakpoint
CREATE TYPE "public"."coalition_join_status" AS ENUM('pending', 'accepted', 'declined', 'withdrawn');--> statement-breakpoint
CREATE TYPE "public"."call_status" AS ENUM('draft', 'published', 'results', 'archived');--> statement-breakpoint
CREATE TYPE "public"."voting_method" AS ENUM('approval', 'score');--> statement-breakpoint
CREATE TABLE "coalition_join_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"coalition_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"direction" "coalition_join_direction" NOT NULL,
	"status" "coalition_join_status" DEFAULT 'pending' NOT NULL,
	"motivation" text DEFAULT '' NOT NULL,
	"role" "coalition_role" DEFAULT 'member' NOT NULL,
	"weight" integer DEFAULT 1 NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"decision_reason" text
);
--> statement-breakpoint
CREATE TABLE "calls" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"coalition_id" uuid NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"themes" text[] DEFAULT '{}'::text[] NOT NULL,
	"sectors" text[] DEFAULT '{}'::text[] NOT NULL,
	"budget_cents" bigint DEFAULT 0 NOT NULL,
	"max_request_cents" bigint DEFAULT 0 NOT NULL,
	"min_cofinancing_bp" integer DEFAULT 0 NOT NULL,
	"min_partners" integer DEFAULT 1 NOT NULL,
	"max_partners" integer DEFAULT 10 NOT NULL,
	"required_partner_kinds" text[] DEFAULT '{}'::text[] NOT NULL,
	"lead_kinds" text[] DEFAULT '{}'::text[] NOT NULL,
	"size_classes" text[] DEFAULT '{}'::text[] NOT NULL,
	"submission_opens_at" timestamp with time zone,
	"submission_closes_at" timestamp with time zone,
	"voting_opens_at" timestamp with time zone,
	"voting_closes_at" timestamp with time zone,
	"voting_method" "voting_method" DEFAULT 'approval' NOT NULL,
	"quorum_bp" integer DEFAULT 5000 NOT NULL,
	"ballots_public" boolean DEFAULT false NOT NULL,
	"status" "call_status" DEFAULT 'draft' NOT NULL,
	"published_at" timestamp with time zone,
	"results_published_at" timestamp with time zone,
	"archived_at" timestamp with time zone,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "calls_money_non_negative" CHECK ("calls"."budget_cents" >= 0 and "calls"."max_request_cents" >= 0),
	CONSTRAINT "calls_shares_in_range" CHECK ("calls"."min_cofinancing_bp" between 0 and 10000 and "calls"."quorum_bp" between 0 and 10000)
);
--> statement-breakpoint
ALTER TABLE "coalition_join_requests" ADD CONSTRAINT "coalition_join_requests_coalition_id_coalitions_id_fk" FOREIGN KEY ("coalition_id") REFERENCES "public"."coalitions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coalition_join_requests" ADD CONSTRAINT "coalition_join_requests_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calls" ADD CONSTRAINT "calls_coalition_id_coalitions_id_fk" FOREIGN KEY ("coalition_id") REFERENCES "public"."coalitions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "coalition_join_requests_one_pending" ON "coalition_join_requests" USING btree ("coalition_id","organisation_id") WHERE "coalition_join_requests"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "calls_coalition_idx" ON "calls" USING btree ("coalition_id");