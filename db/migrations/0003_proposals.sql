CREATE TYPE "public"."budget_category" AS ENUM('personnel', 'equipment', 'software', 'services', 'training', 'other');--> statement-breakpoint
CREATE TYPE "public"."partner_status" AS ENUM('requested', 'invited', 'accepted', 'declined', 'removed');--> statement-breakpoint
CREATE TYPE "public"."proposal_status" AS ENUM('draft', 'submitted', 'admissible', 'inadmissible', 'selected', 'not_selected', 'withdrawn');--> statement-breakpoint
CREATE TABLE "proposal_budget_lines" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"proposal_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"category" "budget_category" NOT NULL,
	"description" text NOT NULL,
	"amount_cents" bigint NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "proposal_budget_lines_amount_positive" CHECK ("proposal_budget_lines"."amount_cents" > 0)
);
--> statement-breakpoint
CREATE TABLE "proposal_partners" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"proposal_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"is_lead" boolean DEFAULT false NOT NULL,
	"status" "partner_status" NOT NULL,
	"role_description" text DEFAULT '' NOT NULL,
	"message" text DEFAULT '' NOT NULL,
	"contribution" text DEFAULT '' NOT NULL,
	"cofinancing_cents" bigint DEFAULT 0 NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	CONSTRAINT "proposal_partners_cofinancing_non_negative" CHECK ("proposal_partners"."cofinancing_cents" >= 0)
);
--> statement-breakpoint
CREATE TABLE "proposal_reference_counters" (
	"key" text PRIMARY KEY NOT NULL,
	"last" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "proposals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"call_id" uuid NOT NULL,
	"lead_organisation_id" uuid NOT NULL,
	"reference" text,
	"title" text NOT NULL,
	"summary" text DEFAULT '' NOT NULL,
	"problem" text DEFAULT '' NOT NULL,
	"solution_type" text,
	"objectives" text DEFAULT '' NOT NULL,
	"indicators" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"milestones" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"duration_months" integer,
	"sectors" text[] DEFAULT '{}'::text[] NOT NULL,
	"looking_for_kinds" text[] DEFAULT '{}'::text[] NOT NULL,
	"requested_cents" bigint DEFAULT 0 NOT NULL,
	"status" "proposal_status" DEFAULT 'draft' NOT NULL,
	"status_reason" text,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" uuid,
	"submitted_at" timestamp with time zone,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "proposals_requested_non_negative" CHECK ("proposals"."requested_cents" >= 0)
);
--> statement-breakpoint
ALTER TABLE "proposal_budget_lines" ADD CONSTRAINT "proposal_budget_lines_proposal_id_proposals_id_fk" FOREIGN KEY ("proposal_id") REFERENCES "public"."proposals"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposal_budget_lines" ADD CONSTRAINT "proposal_budget_lines_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposal_partners" ADD CONSTRAINT "proposal_partners_proposal_id_proposals_id_fk" FOREIGN KEY ("proposal_id") REFERENCES "public"."proposals"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposal_partners" ADD CONSTRAINT "proposal_partners_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposal_partners" ADD CONSTRAINT "proposal_partners_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposal_partners" ADD CONSTRAINT "proposal_partners_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposals" ADD CONSTRAINT "proposals_call_id_calls_id_fk" FOREIGN KEY ("call_id") REFERENCES "public"."calls"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposals" ADD CONSTRAINT "proposals_lead_organisation_id_organisations_id_fk" FOREIGN KEY ("lead_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposals" ADD CONSTRAINT "proposals_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposals" ADD CONSTRAINT "proposals_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "proposal_budget_lines_proposal_idx" ON "proposal_budget_lines" USING btree ("proposal_id");--> statement-breakpoint
CREATE UNIQUE INDEX "proposal_partners_unique" ON "proposal_partners" USING btree ("proposal_id","organisation_id");--> statement-breakpoint
CREATE UNIQUE INDEX "proposals_reference_unique" ON "proposals" USING btree ("reference");--> statement-breakpoint
CREATE INDEX "proposals_call_idx" ON "proposals" USING btree ("call_id","status");