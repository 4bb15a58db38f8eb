CREATE INDEX "idempotency_keys_created_idx" ON "idempotency_keys" USING btree ("created_at");--> statement-breakpoint
-- Confirm keys made before this release hashed bodies that held card numbers and CVCs: drop them.
DELETE FROM "idempotency_keys" WHERE "scope" LIKE 'POST %/confirm';
