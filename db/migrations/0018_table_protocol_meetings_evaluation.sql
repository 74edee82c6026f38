CREATE TYPE "public"."evaluation_mode" AS ENUM('none', 'threshold', 'weighted', 'technical_only');--> statement-breakpoint
CREATE TYPE "public"."attendance_answer" AS ENUM('attending', 'not_attending');--> statement-breakpoint
CREATE TYPE "public"."minutes_status" AS ENUM('draft', 'circulated', 'approved');--> statement-breakpoint
CREATE TYPE "public"."evaluator_role" AS ENUM('chair', 'member');--> statement-breakpoint
CREATE TYPE "public"."evaluation_exclusion" AS ENUM('declared', 'lead', 'partner');--> statement-breakpoint
CREATE TABLE "coalition_protocol_versions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"coalition_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"title" text NOT NULL,
	"body" text DEFAULT '' NOT NULL,
	"themes" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"amendment_note" text,
	"text_sha256" text,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"published_at" timestamp with time zone,
	"published_by" uuid,
	CONSTRAINT "coalition_protocol_versions_published_hashed" CHECK ("coalition_protocol_versions"."published_at" is null or "coalition_protocol_versions"."text_sha256" is not null),
	CONSTRAINT "coalition_protocol_versions_version_positive" CHECK ("coalition_protocol_versions"."version" >= 1)
);
--> statement-breakpoint
CREATE TABLE "protocol_adhesions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"protocol_version_id" uuid NOT NULL,
	"coalition_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"adhered_by" uuid NOT NULL,
	"adhered_at" timestamp with time zone NOT NULL,
	"text_sha256" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "meeting_agenda_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"meeting_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"decision" text DEFAULT '' NOT NULL,
	"decision_kind" text,
	"decision_call_id" uuid
);
--> statement-breakpoint
CREATE TABLE "meeting_invitees" (
	"meeting_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"answer" "attendance_answer",
	"answered_by" uuid,
	"answered_at" timestamp with time zone,
	"attended" boolean,
	CONSTRAINT "meeting_invitees_meeting_id_organisation_id_pk" PRIMARY KEY("meeting_id","organisation_id")
);
--> statement-breakpoint
CREATE TABLE "meeting_minutes" (
	"meeting_id" uuid PRIMARY KEY NOT NULL,
	"status" "minutes_status" DEFAULT 'draft' NOT NULL,
	"summary" text DEFAULT '' NOT NULL,
	"drafted_by" uuid NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"circulated_at" timestamp with time zone,
	"comments_close_at" timestamp with time zone,
	"approved_at" timestamp with time zone,
	"approved_by" uuid,
	"text_sha256" text,
	CONSTRAINT "meeting_minutes_circulated_has_period" CHECK ("meeting_minutes"."status" = 'draft' or ("meeting_minutes"."circulated_at" is not null and "meeting_minutes"."comments_close_at" is not null)),
	CONSTRAINT "meeting_minutes_approved_frozen" CHECK ("meeting_minutes"."status" <> 'approved' or ("meeting_minutes"."approved_at" is not null and "meeting_minutes"."text_sha256" is not null))
);
--> statement-breakpoint
CREATE TABLE "meetings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"coalition_id" uuid NOT NULL,
	"title" text NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"location" text,
	"online_url" text,
	"sequence" integer DEFAULT 0 NOT NULL,
	"convened_by" uuid NOT NULL,
	"convened_at" timestamp with time zone NOT NULL,
	"cancelled_at" timestamp with time zone,
	"cancel_reason" text,
	"attendance_recorded_at" timestamp with time zone,
	CONSTRAINT "meetings_ends_after_start" CHECK ("meetings"."ends_at" > "meetings"."starts_at")
);
--> statement-breakpoint
CREATE TABLE "minutes_comments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"meeting_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"author_id" uuid NOT NULL,
	"body" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"answer" text,
	"answered_by" uuid,
	"answered_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "call_criteria" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"call_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"max_points" integer NOT NULL,
	CONSTRAINT "call_criteria_points_range" CHECK ("call_criteria"."max_points" between 1 and 1000)
);
--> statement-breakpoint
CREATE TABLE "call_evaluations" (
	"call_id" uuid PRIMARY KEY NOT NULL,
	"approved_at" timestamp with time zone NOT NULL,
	"approved_by" uuid NOT NULL,
	"report_sha256" text
);
--> statement-breakpoint
CREATE TABLE "call_evaluators" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"call_id" uuid NOT NULL,
	"role" "evaluator_role" DEFAULT 'member' NOT NULL,
	"user_id" uuid,
	"organisation_id" uuid,
	"external_name" text,
	"external_email" text,
	"invite_token_hash" text,
	"invite_expires_at" timestamp with time zone,
	"accepted_at" timestamp with time zone,
	"appointed_by" uuid NOT NULL,
	"appointed_at" timestamp with time zone NOT NULL,
	"removed_at" timestamp with time zone,
	CONSTRAINT "call_evaluators_who" CHECK ("call_evaluators"."user_id" is not null or ("call_evaluators"."external_name" is not null and "call_evaluators"."external_email" is not null))
);
--> statement-breakpoint
CREATE TABLE "evaluation_consolidated_scores" (
	"proposal_id" uuid NOT NULL,
	"criterion_id" uuid NOT NULL,
	"call_id" uuid NOT NULL,
	"points" integer NOT NULL,
	"justification" text NOT NULL,
	"recorded_by" uuid NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL,
	CONSTRAINT "evaluation_consolidated_scores_proposal_id_criterion_id_pk" PRIMARY KEY("proposal_id","criterion_id"),
	CONSTRAINT "evaluation_consolidated_points_non_negative" CHECK ("evaluation_consolidated_scores"."points" >= 0)
);
--> statement-breakpoint
CREATE TABLE "evaluation_reviews" (
	"evaluator_id" uuid NOT NULL,
	"proposal_id" uuid NOT NULL,
	"call_id" uuid NOT NULL,
	"conflict" boolean,
	"declared_at" timestamp with time zone,
	"excluded" "evaluation_exclusion",
	"submitted_at" timestamp with time zone,
	CONSTRAINT "evaluation_reviews_evaluator_id_proposal_id_pk" PRIMARY KEY("evaluator_id","proposal_id"),
	CONSTRAINT "evaluation_reviews_submitted_declared" CHECK ("evaluation_reviews"."submitted_at" is null or ("evaluation_reviews"."conflict" = false and "evaluation_reviews"."excluded" is null))
);
--> statement-breakpoint
CREATE TABLE "evaluation_scores" (
	"evaluator_id" uuid NOT NULL,
	"proposal_id" uuid NOT NULL,
	"criterion_id" uuid NOT NULL,
	"points" integer NOT NULL,
	"justification" text NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "evaluation_scores_evaluator_id_proposal_id_criterion_id_pk" PRIMARY KEY("evaluator_id","proposal_id","criterion_id"),
	CONSTRAINT "evaluation_scores_points_non_negative" CHECK ("evaluation_scores"."points" >= 0)
);
--> statement-breakpoint
ALTER TABLE "calls" ADD COLUMN "protocol_themes" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "calls" ADD COLUMN "evaluation_mode" "evaluation_mode" DEFAULT 'none' NOT NULL;--> statement-breakpoint
ALTER TABLE "calls" ADD COLUMN "evaluation_min_total" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "calls" ADD COLUMN "evaluation_weight_bp" integer DEFAULT 5000 NOT NULL;--> statement-breakpoint
ALTER TABLE "coalition_protocol_versions" ADD CONSTRAINT "coalition_protocol_versions_coalition_id_coalitions_id_fk" FOREIGN KEY ("coalition_id") REFERENCES "public"."coalitions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coalition_protocol_versions" ADD CONSTRAINT "coalition_protocol_versions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "coalition_protocol_versions" ADD CONSTRAINT "coalition_protocol_versions_published_by_users_id_fk" FOREIGN KEY ("published_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "protocol_adhesions" ADD CONSTRAINT "protocol_adhesions_protocol_version_id_coalition_protocol_versions_id_fk" FOREIGN KEY ("protocol_version_id") REFERENCES "public"."coalition_protocol_versions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "protocol_adhesions" ADD CONSTRAINT "protocol_adhesions_coalition_id_coalitions_id_fk" FOREIGN KEY ("coalition_id") REFERENCES "public"."coalitions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "protocol_adhesions" ADD CONSTRAINT "protocol_adhesions_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "protocol_adhesions" ADD CONSTRAINT "protocol_adhesions_adhered_by_users_id_fk" FOREIGN KEY ("adhered_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_agenda_items" ADD CONSTRAINT "meeting_agenda_items_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_agenda_items" ADD CONSTRAINT "meeting_agenda_items_decision_call_id_calls_id_fk" FOREIGN KEY ("decision_call_id") REFERENCES "public"."calls"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_invitees" ADD CONSTRAINT "meeting_invitees_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_invitees" ADD CONSTRAINT "meeting_invitees_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_invitees" ADD CONSTRAINT "meeting_invitees_answered_by_users_id_fk" FOREIGN KEY ("answered_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_minutes" ADD CONSTRAINT "meeting_minutes_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_minutes" ADD CONSTRAINT "meeting_minutes_drafted_by_users_id_fk" FOREIGN KEY ("drafted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meeting_minutes" ADD CONSTRAINT "meeting_minutes_approved_by_users_id_fk" FOREIGN KEY ("approved_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meetings" ADD CONSTRAINT "meetings_coalition_id_coalitions_id_fk" FOREIGN KEY ("coalition_id") REFERENCES "public"."coalitions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meetings" ADD CONSTRAINT "meetings_convened_by_users_id_fk" FOREIGN KEY ("convened_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "minutes_comments" ADD CONSTRAINT "minutes_comments_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "minutes_comments" ADD CONSTRAINT "minutes_comments_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "minutes_comments" ADD CONSTRAINT "minutes_comments_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "minutes_comments" ADD CONSTRAINT "minutes_comments_answered_by_users_id_fk" FOREIGN KEY ("answered_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "call_criteria" ADD CONSTRAINT "call_criteria_call_id_calls_id_fk" FOREIGN KEY ("call_id") REFERENCES "public"."calls"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "call_evaluations" ADD CONSTRAINT "call_evaluations_call_id_calls_id_fk" FOREIGN KEY ("call_id") REFERENCES "public"."calls"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "call_evaluations" ADD CONSTRAINT "call_evaluations_approved_by_users_id_fk" FOREIGN KEY ("approved_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "call_evaluators" ADD CONSTRAINT "call_evaluators_call_id_calls_id_fk" FOREIGN KEY ("call_id") REFERENCES "public"."calls"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "call_evaluators" ADD CONSTRAINT "call_evaluators_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "call_evaluators" ADD CONSTRAINT "call_evaluators_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "call_evaluators" ADD CONSTRAINT "call_evaluators_appointed_by_users_id_fk" FOREIGN KEY ("appointed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_consolidated_scores" ADD CONSTRAINT "evaluation_consolidated_scores_proposal_id_proposals_id_fk" FOREIGN KEY ("proposal_id") REFERENCES "public"."proposals"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_consolidated_scores" ADD CONSTRAINT "evaluation_consolidated_scores_criterion_id_call_criteria_id_fk" FOREIGN KEY ("criterion_id") REFERENCES "public"."call_criteria"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_consolidated_scores" ADD CONSTRAINT "evaluation_consolidated_scores_call_id_calls_id_fk" FOREIGN KEY ("call_id") REFERENCES "public"."calls"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_consolidated_scores" ADD CONSTRAINT "evaluation_consolidated_scores_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_reviews" ADD CONSTRAINT "evaluation_reviews_evaluator_id_call_evaluators_id_fk" FOREIGN KEY ("evaluator_id") REFERENCES "public"."call_evaluators"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_reviews" ADD CONSTRAINT "evaluation_reviews_proposal_id_proposals_id_fk" FOREIGN KEY ("proposal_id") REFERENCES "public"."proposals"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_reviews" ADD CONSTRAINT "evaluation_reviews_call_id_calls_id_fk" FOREIGN KEY ("call_id") REFERENCES "public"."calls"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_scores" ADD CONSTRAINT "evaluation_scores_evaluator_id_call_evaluators_id_fk" FOREIGN KEY ("evaluator_id") REFERENCES "public"."call_evaluators"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_scores" ADD CONSTRAINT "evaluation_scores_proposal_id_proposals_id_fk" FOREIGN KEY ("proposal_id") REFERENCES "public"."proposals"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_scores" ADD CONSTRAINT "evaluation_scores_criterion_id_call_criteria_id_fk" FOREIGN KEY ("criterion_id") REFERENCES "public"."call_criteria"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "coalition_protocol_versions_unique" ON "coalition_protocol_versions" USING btree ("coalition_id","version");--> statement-breakpoint
CREATE UNIQUE INDEX "coalition_protocol_versions_one_draft" ON "coalition_protocol_versions" USING btree ("coalition_id") WHERE "coalition_protocol_versions"."published_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "protocol_adhesions_unique" ON "protocol_adhesions" USING btree ("protocol_version_id","organisation_id");--> statement-breakpoint
CREATE INDEX "protocol_adhesions_organisation_idx" ON "protocol_adhesions" USING btree ("organisation_id");--> statement-breakpoint
CREATE UNIQUE INDEX "meeting_agenda_items_position_unique" ON "meeting_agenda_items" USING btree ("meeting_id","position");--> statement-breakpoint
CREATE INDEX "meeting_agenda_items_call_idx" ON "meeting_agenda_items" USING btree ("decision_call_id");--> statement-breakpoint
CREATE INDEX "meeting_invitees_organisation_idx" ON "meeting_invitees" USING btree ("organisation_id");--> statement-breakpoint
CREATE INDEX "meetings_coalition_idx" ON "meetings" USING btree ("coalition_id","starts_at","id");--> statement-breakpoint
CREATE INDEX "minutes_comments_meeting_idx" ON "minutes_comments" USING btree ("meeting_id","created_at","id");--> statement-breakpoint
CREATE UNIQUE INDEX "call_criteria_position_unique" ON "call_criteria" USING btree ("call_id","position");--> statement-breakpoint
CREATE UNIQUE INDEX "call_evaluators_user_unique" ON "call_evaluators" USING btree ("call_id","user_id") WHERE "call_evaluators"."user_id" is not null and "call_evaluators"."removed_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "call_evaluators_one_chair" ON "call_evaluators" USING btree ("call_id") WHERE "call_evaluators"."role" = 'chair' and "call_evaluators"."removed_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "call_evaluators_token_unique" ON "call_evaluators" USING btree ("invite_token_hash");--> statement-breakpoint
CREATE INDEX "call_evaluators_user_idx" ON "call_evaluators" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "evaluation_consolidated_call_idx" ON "evaluation_consolidated_scores" USING btree ("call_id");--> statement-breakpoint
CREATE INDEX "evaluation_reviews_call_idx" ON "evaluation_reviews" USING btree ("call_id","proposal_id");--> statement-breakpoint
ALTER TABLE "calls" ADD CONSTRAINT "calls_evaluation_in_range" CHECK ("calls"."evaluation_min_total" between 0 and 100000 and "calls"."evaluation_weight_bp" between 0 and 10000);