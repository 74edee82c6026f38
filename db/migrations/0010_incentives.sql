CREATE TYPE "public"."aid_regime" AS ENUM('de_minimis', 'gber', 'notified', 'not_state_aid');--> statement-breakpoint
CREATE TYPE "public"."incentive_application_status" AS ENUM('planned', 'preparing', 'submitted', 'under_review', 'granted', 'rejected', 'withdrawn', 'revoked', 'closed');--> statement-breakpoint
CREATE TYPE "public"."de_minimis_source" AS ENUM('tavolo', 'declared');--> statement-breakpoint
CREATE TYPE "public"."programme_level" AS ENUM('regional', 'national', 'eu', 'pact');--> statement-breakpoint
CREATE TYPE "public"."programme_procedure" AS ENUM('ranked', 'first_come', 'automatic');--> statement-breakpoint
CREATE TABLE "de_minimis_aid" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organisation_id" uuid NOT NULL,
	"source" "de_minimis_source" NOT NULL,
	"application_id" uuid,
	"granted_on" date NOT NULL,
	"authority" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"amount_cents" bigint NOT NULL,
	"cor" text,
	"withdrawn_at" timestamp with time zone,
	"withdrawal_reason" text,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "de_minimis_aid_amount_bounds" CHECK ("de_minimis_aid"."amount_cents" between 1 and 100000000000)
);
--> statement-breakpoint
CREATE TABLE "incentive_applications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"programme_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"proposal_id" uuid,
	"title" text NOT NULL,
	"status" "incentive_application_status" DEFAULT 'planned' NOT NULL,
	"eligible_cost_cents" bigint DEFAULT 0 NOT NULL,
	"requested_cents" bigint DEFAULT 0 NOT NULL,
	"planned_grant_date" date,
	"protocol_number" text,
	"submitted_at" timestamp with time zone,
	"granted_on" date,
	"granted_cents" bigint,
	"disbursed_cents" bigint DEFAULT 0 NOT NULL,
	"cup" text,
	"cor" text,
	"project_ends_on" date,
	"final_report_due_on" date,
	"status_reason" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "incentive_applications_money_bounds" CHECK ("incentive_applications"."eligible_cost_cents" between 0 and 100000000000 and "incentive_applications"."requested_cents" between 0 and 100000000000 and "incentive_applications"."disbursed_cents" between 0 and 100000000000 and ("incentive_applications"."granted_cents" is null or "incentive_applications"."granted_cents" between 0 and 100000000000)),
	CONSTRAINT "incentive_applications_requested_within_cost" CHECK ("incentive_applications"."requested_cents" <= "incentive_applications"."eligible_cost_cents" or "incentive_applications"."eligible_cost_cents" = 0),
	CONSTRAINT "incentive_applications_granted_within_requested" CHECK ("incentive_applications"."granted_cents" is null or "incentive_applications"."granted_cents" <= "incentive_applications"."requested_cents"),
	CONSTRAINT "incentive_applications_paid_within_granted" CHECK ("incentive_applications"."disbursed_cents" <= coalesce("incentive_applications"."granted_cents", 0)),
	CONSTRAINT "incentive_applications_cup_format" CHECK ("incentive_applications"."cup" is null or "incentive_applications"."cup" ~ '^[A-Z0-9]{15}$')
);
--> statement-breakpoint
CREATE TABLE "incentive_programmes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"coalition_id" uuid,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"authority" text NOT NULL,
	"level" "programme_level" NOT NULL,
	"fund" text DEFAULT '' NOT NULL,
	"aid_regime" "aid_regime" NOT NULL,
	"gber_article" text,
	"procedure" "programme_procedure" NOT NULL,
	"max_intensity_micro_bp" integer DEFAULT 0 NOT NULL,
	"max_intensity_small_bp" integer DEFAULT 0 NOT NULL,
	"max_intensity_medium_bp" integer DEFAULT 0 NOT NULL,
	"max_intensity_large_bp" integer DEFAULT 0 NOT NULL,
	"max_intensity_other_bp" integer DEFAULT 0 NOT NULL,
	"min_eligible_cents" bigint DEFAULT 0 NOT NULL,
	"max_eligible_cents" bigint DEFAULT 0 NOT NULL,
	"max_aid_cents" bigint DEFAULT 0 NOT NULL,
	"applicant_kinds" text[] DEFAULT '{}'::text[] NOT NULL,
	"ateco_sections" text[] DEFAULT '{}'::text[] NOT NULL,
	"regions" text[] DEFAULT '{}'::text[] NOT NULL,
	"provinces" text[] DEFAULT '{}'::text[] NOT NULL,
	"solution_types" text[] DEFAULT '{}'::text[] NOT NULL,
	"opens_at" timestamp with time zone,
	"closes_at" timestamp with time zone,
	"funds_exhausted_at" timestamp with time zone,
	"official_url" text DEFAULT '' NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "incentive_programmes_intensity_range" CHECK ("incentive_programmes"."max_intensity_micro_bp" between 0 and 10000 and "incentive_programmes"."max_intensity_small_bp" between 0 and 10000 and "incentive_programmes"."max_intensity_medium_bp" between 0 and 10000 and "incentive_programmes"."max_intensity_large_bp" between 0 and 10000 and "incentive_programmes"."max_intensity_other_bp" between 0 and 10000),
	CONSTRAINT "incentive_programmes_money_bounds" CHECK ("incentive_programmes"."min_eligible_cents" between 0 and 100000000000 and "incentive_programmes"."max_eligible_cents" between 0 and 100000000000 and "incentive_programmes"."max_aid_cents" between 0 and 100000000000)
);
--> statement-breakpoint
ALTER TABLE "de_minimis_aid" ADD CONSTRAINT "de_minimis_aid_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "de_minimis_aid" ADD CONSTRAINT "de_minimis_aid_application_id_incentive_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."incentive_applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "de_minimis_aid" ADD CONSTRAINT "de_minimis_aid_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incentive_applications" ADD CONSTRAINT "incentive_applications_programme_id_incentive_programmes_id_fk" FOREIGN KEY ("programme_id") REFERENCES "public"."incentive_programmes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incentive_applications" ADD CONSTRAINT "incentive_applications_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incentive_applications" ADD CONSTRAINT "incentive_applications_proposal_id_proposals_id_fk" FOREIGN KEY ("proposal_id") REFERENCES "public"."proposals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incentive_applications" ADD CONSTRAINT "incentive_applications_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incentive_programmes" ADD CONSTRAINT "incentive_programmes_coalition_id_coalitions_id_fk" FOREIGN KEY ("coalition_id") REFERENCES "public"."coalitions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incentive_programmes" ADD CONSTRAINT "incentive_programmes_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "de_minimis_aid_organisation_idx" ON "de_minimis_aid" USING btree ("organisation_id","granted_on");--> statement-breakpoint
CREATE INDEX "incentive_applications_organisation_idx" ON "incentive_applications" USING btree ("organisation_id","status");--> statement-breakpoint
CREATE INDEX "incentive_applications_programme_idx" ON "incentive_applications" USING btree ("programme_id");--> statement-breakpoint
CREATE INDEX "incentive_applications_proposal_idx" ON "incentive_applications" USING btree ("proposal_id");--> statement-breakpoint
CREATE INDEX "incentive_programmes_coalition_idx" ON "incentive_programmes" USING btree ("coalition_id");--> statement-breakpoint
CREATE INDEX "incentive_programmes_closes_idx" ON "incentive_programmes" USING btree ("closes_at","id");