CREATE TABLE "call_result_receipts" (
	"call_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"position" integer NOT NULL,
	"receipt_hash" text NOT NULL,
	CONSTRAINT "call_result_receipts_call_id_version_position_pk" PRIMARY KEY("call_id","version","position")
);
--> statement-breakpoint
ALTER TABLE "call_result_receipts" ADD CONSTRAINT "call_result_receipts_call_id_calls_id_fk" FOREIGN KEY ("call_id") REFERENCES "public"."calls"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "call_result_receipts_hash_idx" ON "call_result_receipts" USING btree ("receipt_hash");--> statement-breakpoint
-- Versions published before this migration: their sorted list moves to the new table, in the same order.
INSERT INTO "call_result_receipts" ("call_id", "version", "position", "receipt_hash")
SELECT r."call_id", r."version", (h.ordinality - 1)::int, h.value
FROM "call_results" r CROSS JOIN LATERAL jsonb_array_elements_text(r."receipt_hashes") WITH ORDINALITY AS h(value, ordinality);--> statement-breakpoint
ALTER TABLE "call_results" DROP COLUMN "receipt_hashes";