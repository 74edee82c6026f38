CREATE TYPE "public"."expense_line_review" AS ENUM('pending', 'accepted', 'cut');--> statement-breakpoint
CREATE TYPE "public"."expense_report_status" AS ENUM('draft', 'submitted', 'reviewed');--> statement-breakpoint
CREATE TYPE "public"."grant_status" AS ENUM('granted', 'in_progress', 'reported', 'closed', 'revoked');--> statement-breakpoint
CREATE TYPE "public"."tranche_kind" AS ENUM('advance', 'interim', 'balance');--> statement-breakpoint
CREATE TABLE "expense_lines" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"report_id" uuid NOT NULL,
	"budget_line_id" uuid NOT NULL,
	"supplier" text NOT NULL,
	"invoice_number" text NOT NULL,
	"invoice_date" date NOT NULL,
	"amount_cents" bigint NOT NULL,
	"document_id" uuid,
	"review" "expense_line_review" DEFAULT 'pending' NOT NULL,
	"accepted_cents" bigint,
	"cut_reason" text,
	"position" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "expense_lines_amount_bounds" CHECK ("expense_lines"."amount_cents" between 1 and 100000000000),
	CONSTRAINT "expense_lines_review_consistent" CHECK (("expense_lines"."review" = 'pending' and "expense_lines"."accepted_cents" is null) or ("expense_lines"."review" = 'accepted' and "expense_lines"."accepted_cents" = "expense_lines"."amount_cents") or ("expense_lines"."review" = 'cut' and "expense_lines"."accepted_cents" between 0 and "expense_lines"."amount_cents" - 1 and "expense_lines"."cut_reason" is not null))
);
--> statement-breakpoint
CREATE TABLE "expense_reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"grant_id" uuid NOT NULL,
	"number" integer NOT NULL,
	"is_final" boolean DEFAULT false NOT NULL,
	"status" "expense_report_status" DEFAULT 'draft' NOT NULL,
	"submitted_at" timestamp with time zone,
	"submitted_by" uuid,
	"reviewed_at" timestamp with time zone,
	"reviewed_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "grants" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"call_id" uuid NOT NULL,
	"proposal_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"results_version" integer NOT NULL,
	"status" "grant_status" DEFAULT 'granted' NOT NULL,
	"eligible_cost_cents" bigint NOT NULL,
	"granted_cents" bigint NOT NULL,
	"revoked_cents" bigint DEFAULT 0 NOT NULL,
	"paid_cents" bigint DEFAULT 0 NOT NULL,
	"accepted_cents" bigint DEFAULT 0 NOT NULL,
	"act_number" text,
	"act_date" date,
	"cup" text,
	"cor" text,
	"starts_on" date,
	"ends_on" date,
	"final_report_due_on" date,
	"revocation_reason" text,
	"revoked_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "grants_money_bounds" CHECK ("grants"."eligible_cost_cents" between 0 and 100000000000 and "grants"."granted_cents" between 0 and 100000000000 and "grants"."revoked_cents" between 0 and "grants"."granted_cents" and "grants"."paid_cents" between 0 and "grants"."granted_cents" and "grants"."accepted_cents" between 0 and "grants"."eligible_cost_cents"),
	CONSTRAINT "grants_granted_within_cost" CHECK ("grants"."granted_cents" <= "grants"."eligible_cost_cents"),
	CONSTRAINT "grants_cup_format" CHECK ("grants"."cup" is null or "grants"."cup" ~ '^[A-Z0-9]{15}$'),
	CONSTRAINT "grants_revocation_has_reason" CHECK ("grants"."revoked_cents" = 0 or "grants"."revocation_reason" is not null)
);
--> statement-breakpoint
CREATE TABLE "tranches" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"grant_id" uuid NOT NULL,
	"kind" "tranche_kind" NOT NULL,
	"amount_cents" bigint NOT NULL,
	"report_id" uuid,
	"guarantee" text,
	"paid_on" date NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tranches_amount_bounds" CHECK ("tranches"."amount_cents" between 1 and 100000000000),
	CONSTRAINT "tranches_advance_guarantee" CHECK ("tranches"."kind" <> 'advance' or "tranches"."guarantee" is not null)
);
--> statement-breakpoint
ALTER TABLE "calls" ADD COLUMN "advance_max_bp" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "calls" ADD COLUMN "line_tolerance_bp" integer DEFAULT 1000 NOT NULL;--> statement-breakpoint
ALTER TABLE "expense_lines" ADD CONSTRAINT "expense_lines_report_id_expense_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."expense_reports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "expense_lines" ADD CONSTRAINT "expense_lines_budget_line_id_proposal_budget_lines_id_fk" FOREIGN KEY ("budget_line_id") REFERENCES "public"."proposal_budget_lines"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "expense_lines" ADD CONSTRAINT "expense_lines_document_id_documents_id_fk" FOREIGN KEY ("document_id") REFERENCES "public"."documents"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "expense_reports" ADD CONSTRAINT "expense_reports_grant_id_grants_id_fk" FOREIGN KEY ("grant_id") REFERENCES "public"."grants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "expense_reports" ADD CONSTRAINT "expense_reports_submitted_by_users_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "expense_reports" ADD CONSTRAINT "expense_reports_reviewed_by_users_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "expense_reports" ADD CONSTRAINT "expense_reports_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grants" ADD CONSTRAINT "grants_call_id_calls_id_fk" FOREIGN KEY ("call_id") REFERENCES "public"."calls"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grants" ADD CONSTRAINT "grants_proposal_id_proposals_id_fk" FOREIGN KEY ("proposal_id") REFERENCES "public"."proposals"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grants" ADD CONSTRAINT "grants_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "grants" ADD CONSTRAINT "grants_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tranches" ADD CONSTRAINT "tranches_grant_id_grants_id_fk" FOREIGN KEY ("grant_id") REFERENCES "public"."grants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tranches" ADD CONSTRAINT "tranches_report_id_expense_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."expense_reports"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tranches" ADD CONSTRAINT "tranches_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "expense_lines_report_idx" ON "expense_lines" USING btree ("report_id");--> statement-breakpoint
CREATE INDEX "expense_lines_budget_line_idx" ON "expense_lines" USING btree ("budget_line_id");--> statement-breakpoint
CREATE UNIQUE INDEX "expense_reports_grant_number_unique" ON "expense_reports" USING btree ("grant_id","number");--> statement-breakpoint
CREATE UNIQUE INDEX "grants_proposal_organisation_unique" ON "grants" USING btree ("proposal_id","organisation_id");--> statement-breakpoint
CREATE INDEX "grants_organisation_idx" ON "grants" USING btree ("organisation_id","status");--> statement-breakpoint
CREATE INDEX "grants_call_idx" ON "grants" USING btree ("call_id");--> statement-breakpoint
CREATE INDEX "tranches_grant_idx" ON "tranches" USING btree ("grant_id");--> statement-breakpoint
CREATE UNIQUE INDEX "tranches_one_advance" ON "tranches" USING btree ("grant_id") WHERE "tranches"."kind" = 'advance';--> statement-breakpoint
CREATE UNIQUE INDEX "tranches_one_balance" ON "tranches" USING btree ("grant_id") WHERE "tranches"."kind" = 'balance';--> statement-breakpoint
ALTER TABLE "calls" ADD CONSTRAINT "calls_grant_shares_in_range" CHECK ("calls"."advance_max_bp" between 0 and 10000 and "calls"."line_tolerance_bp" between 0 and 10000);