CREATE TYPE "public"."attachment_scope" AS ENUM('proposal', 'partner');--> statement-breakpoint
CREATE TYPE "public"."document_kind" AS ENUM('call_text', 'call_annex', 'call_template', 'proposal_attachment', 'invoice');--> statement-breakpoint
CREATE TABLE "call_attachment_requirements" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"call_id" uuid NOT NULL,
	"scope" "attachment_scope" NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"allowed_types" text[] DEFAULT '{}'::text[] NOT NULL,
	"signature_required" boolean DEFAULT false NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "call_questions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"call_id" uuid NOT NULL,
	"question" text NOT NULL,
	"asked_by" uuid,
	"asked_by_organisation_id" uuid,
	"asked_at" timestamp with time zone DEFAULT now() NOT NULL,
	"public_question" text,
	"answer" text,
	"answered_by" uuid,
	"answered_at" timestamp with time zone,
	"published_at" timestamp with time zone,
	"number" integer,
	CONSTRAINT "call_questions_published_has_answer" CHECK ("call_questions"."published_at" is null or "call_questions"."answer" is not null)
);
--> statement-breakpoint
CREATE TABLE "documents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"series_id" uuid NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"kind" "document_kind" NOT NULL,
	"call_id" uuid,
	"proposal_id" uuid,
	"organisation_id" uuid,
	"requirement_id" uuid,
	"title" text NOT NULL,
	"file_name" text NOT NULL,
	"media_type" text NOT NULL,
	"signed" boolean DEFAULT false NOT NULL,
	"size_bytes" integer NOT NULL,
	"sha256" text NOT NULL,
	"replacement_reason" text,
	"replaced_at" timestamp with time zone,
	"deleted_at" timestamp with time zone,
	"uploaded_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "documents_has_owner" CHECK ("documents"."call_id" is not null or "documents"."proposal_id" is not null or "documents"."kind" = 'invoice')
);
--> statement-breakpoint
CREATE TABLE "file_blobs" (
	"sha256" text PRIMARY KEY NOT NULL,
	"size_bytes" integer NOT NULL,
	"content" "bytea" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "file_blobs_sha256_hex" CHECK ("file_blobs"."sha256" ~ '^[0-9a-f]{64}$'),
	CONSTRAINT "file_blobs_size_bound" CHECK ("file_blobs"."size_bytes" between 1 and 4194304)
);
--> statement-breakpoint
CREATE TABLE "proposal_submissions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"proposal_id" uuid NOT NULL,
	"proposal_version" integer NOT NULL,
	"reference" text NOT NULL,
	"submitted_at" timestamp with time zone NOT NULL,
	"submitted_by" uuid NOT NULL,
	"canonical" text NOT NULL,
	"sha256" text NOT NULL,
	"attachments" jsonb DEFAULT '[]'::jsonb NOT NULL
);
--> statement-breakpoint
ALTER TABLE "calls" ADD COLUMN "allow_lower_request" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "calls" ADD COLUMN "questions_close_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "call_attachment_requirements" ADD CONSTRAINT "call_attachment_requirements_call_id_calls_id_fk" FOREIGN KEY ("call_id") REFERENCES "public"."calls"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "call_questions" ADD CONSTRAINT "call_questions_call_id_calls_id_fk" FOREIGN KEY ("call_id") REFERENCES "public"."calls"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "call_questions" ADD CONSTRAINT "call_questions_asked_by_users_id_fk" FOREIGN KEY ("asked_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "call_questions" ADD CONSTRAINT "call_questions_asked_by_organisation_id_organisations_id_fk" FOREIGN KEY ("asked_by_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "call_questions" ADD CONSTRAINT "call_questions_answered_by_users_id_fk" FOREIGN KEY ("answered_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_call_id_calls_id_fk" FOREIGN KEY ("call_id") REFERENCES "public"."calls"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_proposal_id_proposals_id_fk" FOREIGN KEY ("proposal_id") REFERENCES "public"."proposals"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_requirement_id_call_attachment_requirements_id_fk" FOREIGN KEY ("requirement_id") REFERENCES "public"."call_attachment_requirements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_sha256_file_blobs_sha256_fk" FOREIGN KEY ("sha256") REFERENCES "public"."file_blobs"("sha256") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_uploaded_by_users_id_fk" FOREIGN KEY ("uploaded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposal_submissions" ADD CONSTRAINT "proposal_submissions_proposal_id_proposals_id_fk" FOREIGN KEY ("proposal_id") REFERENCES "public"."proposals"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposal_submissions" ADD CONSTRAINT "proposal_submissions_submitted_by_users_id_fk" FOREIGN KEY ("submitted_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "call_attachment_requirements_call_idx" ON "call_attachment_requirements" USING btree ("call_id");--> statement-breakpoint
CREATE INDEX "call_questions_call_idx" ON "call_questions" USING btree ("call_id","published_at");--> statement-breakpoint
CREATE UNIQUE INDEX "call_questions_number_unique" ON "call_questions" USING btree ("call_id","number");--> statement-breakpoint
CREATE UNIQUE INDEX "documents_series_version_unique" ON "documents" USING btree ("series_id","version");--> statement-breakpoint
CREATE INDEX "documents_call_idx" ON "documents" USING btree ("call_id");--> statement-breakpoint
CREATE INDEX "documents_proposal_idx" ON "documents" USING btree ("proposal_id");--> statement-breakpoint
CREATE INDEX "documents_sha256_idx" ON "documents" USING btree ("sha256");--> statement-breakpoint
CREATE INDEX "proposal_submissions_proposal_idx" ON "proposal_submissions" USING btree ("proposal_id","submitted_at");