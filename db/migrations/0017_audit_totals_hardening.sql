-- Hardening after a review of 0015 and 0016 (what the application role could do).
--
-- 1. An audit entry is either pending (no chain position, no hashes) or sealed (all three). Before,
--    the application role could INSERT a half-sealed row (a hash but no position): the sealer's
--    UPDATE of it is refused by the log's trigger, the whole sealing batch with it, so from then
--    on every entry stayed pending and no decision (results, a call) could be published. Or a
--    "sealed" row at position 0 or below, which no verifier walks. NOT VALID: enforced for every
--    new row without failing the deployment of a database that already holds such a row
--    (check for them: select * from audit_entries where not (…this condition…)).
--    The application role also loses INSERT of seq, chain_seq, prev_hash and hash (db/roles.ts):
--    it inserts pending entries only, numbered by the sequence.
ALTER TABLE "audit_entries" ADD CONSTRAINT "audit_entries_sealed_whole" CHECK (("audit_entries"."chain_seq" is null and "audit_entries"."prev_hash" is null and "audit_entries"."hash" is null) or ("audit_entries"."chain_seq" >= 1 and "audit_entries"."prev_hash" is not null and "audit_entries"."hash" is not null)) NOT VALID;--> statement-breakpoint
-- 2. ballot_totals is written only by the triggers on ballots and call_voters (0016): they now run
--    as the tables' owner, and the application role may only read the totals (db/roles.ts), so it
--    cannot change a count without a ballot (which carries its receipt) behind it.
ALTER FUNCTION ballot_totals_from_ballots() SECURITY DEFINER SET search_path = public, pg_temp;--> statement-breakpoint
ALTER FUNCTION ballot_totals_from_voters() SECURITY DEFINER SET search_path = public, pg_temp;--> statement-breakpoint
REVOKE ALL ON FUNCTION ballot_totals_from_ballots() FROM PUBLIC;--> statement-breakpoint
REVOKE ALL ON FUNCTION ballot_totals_from_voters() FROM PUBLIC;
