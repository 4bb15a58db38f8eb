CREATE TABLE "hold_checkouts" (
	"hold_id" text PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"promo_code" text,
	"points" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "venues" ADD COLUMN "time_zone" text DEFAULT 'UTC' NOT NULL;--> statement-breakpoint
-- Venues that exist already get the zone of their city where the city is one of the demo's, so a
-- database seeded before zones existed shows its demo times on the right clock; others stay UTC.
UPDATE "venues" SET "time_zone" = CASE "city_id"
	WHEN 'berlin' THEN 'Europe/Berlin'
	WHEN 'london' THEN 'Europe/London'
	WHEN 'paris' THEN 'Europe/Paris'
	WHEN 'mumbai' THEN 'Asia/Kolkata'
	ELSE 'UTC' END;
