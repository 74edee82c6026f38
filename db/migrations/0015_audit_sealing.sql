-- Issue 13 item 5: audit entries are inserted pending in the transaction of their change and
-- sealed into the chain in order right after commit (lib/audit sealPending), instead of every
-- writer holding one global lock until its commit. chain_seq is an entry's position in the
-- chain; seq stays the order of insertion.
ALTER TABLE "audit_anchors" DROP CONSTRAINT "audit_anchors_seq_audit_entries_seq_fk";
--> statement-breakpoint
ALTER TABLE "audit_entries" ALTER COLUMN "prev_hash" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "audit_entries" ALTER COLUMN "hash" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "audit_entries" ADD COLUMN "chain_seq" bigint;--> statement-breakpoint
DROP TRIGGER "audit_entries_no_update_delete" ON "audit_entries";--> statement-breakpoint
-- Every existing entry was chained in seq order: its position is its seq.
UPDATE "audit_entries" SET "chain_seq" = "seq";--> statement-breakpoint
ALTER TABLE "audit_entries" ADD CONSTRAINT "audit_entries_chain_seq_key" UNIQUE("chain_seq");--> statement-breakpoint
CREATE INDEX "audit_entries_pending_idx" ON "audit_entries" USING btree ("seq") WHERE chain_seq is null;--> statement-breakpoint
-- Anchors name a position in the chain (the same numbers as before for every existing one).
ALTER TABLE "audit_anchors" ADD CONSTRAINT "audit_anchors_seq_audit_entries_chain_seq_fk" FOREIGN KEY ("seq") REFERENCES "public"."audit_entries"("chain_seq") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- One trigger as before (same name), for UPDATE and DELETE: DELETE is refused; the one UPDATE
-- allowed is the sealing of a pending entry, once. Nothing else may change, and a sealed entry
-- never changes again. TRUNCATE stays refused (audit_entries_no_truncate, migration 0001).
CREATE OR REPLACE FUNCTION audit_entries_refuse_change_but_sealing() RETURNS trigger AS $$
BEGIN
  IF TG_OP <> 'UPDATE' THEN
    RAISE EXCEPTION 'audit_entries is append-only: % is not allowed', TG_OP
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF OLD.chain_seq IS NOT NULL OR OLD.hash IS NOT NULL OR OLD.prev_hash IS NOT NULL THEN
    RAISE EXCEPTION 'audit_entries is append-only: UPDATE of sealed entry % is not allowed', OLD.seq
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF NEW.seq IS DISTINCT FROM OLD.seq OR NEW.occurred_at IS DISTINCT FROM OLD.occurred_at
     OR NEW.actor_user_id IS DISTINCT FROM OLD.actor_user_id OR NEW.organisation_id IS DISTINCT FROM OLD.organisation_id
     OR NEW.action IS DISTINCT FROM OLD.action OR NEW.entity_type IS DISTINCT FROM OLD.entity_type
     OR NEW.entity_id IS DISTINCT FROM OLD.entity_id OR NEW.data IS DISTINCT FROM OLD.data THEN
    RAISE EXCEPTION 'audit_entries is append-only: UPDATE is allowed only to seal a pending entry (chain_seq, prev_hash, hash)'
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  IF NEW.chain_seq IS NULL OR NEW.chain_seq < 1 OR NEW.prev_hash IS NULL OR NEW.hash IS NULL
     OR NEW.prev_hash !~ '^[0-9a-f]{64}$' OR NEW.hash !~ '^[0-9a-f]{64}$' THEN
    RAISE EXCEPTION 'audit_entries: sealing sets a positive chain_seq and two hashes of 64 hexadecimal digits'
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER audit_entries_no_update_delete
  BEFORE UPDATE OR DELETE ON audit_entries
  FOR EACH ROW EXECUTE FUNCTION audit_entries_refuse_change_but_sealing();
