ALTER TABLE "loyalty_ledger" ADD COLUMN "currency" text;--> statement-breakpoint
ALTER TABLE "loyalty_ledger" ADD COLUMN "available_at" timestamp with time zone;--> statement-breakpoint
-- Points earned or spent so far take the currency of their payment or booking; an entry with
-- neither (an adjustment) takes that of the member's latest payment, else EUR.
UPDATE "loyalty_ledger" l SET "currency" = coalesce(
  (SELECT p."currency" FROM "payments" p WHERE p."id" = l."payment_id"),
  (SELECT b."currency" FROM "bookings" b WHERE b."id" = l."booking_id"),
  (SELECT p."currency" FROM "payments" p WHERE p."user_id" = l."user_id" ORDER BY p."created_at" DESC LIMIT 1),
  'EUR');--> statement-breakpoint
ALTER TABLE "loyalty_ledger" ALTER COLUMN "currency" SET NOT NULL;
