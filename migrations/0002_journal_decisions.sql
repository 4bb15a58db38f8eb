CREATE TABLE "show_projections" (
	"show_id" text PRIMARY KEY NOT NULL,
	"seq" bigint DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "show_journal" ADD COLUMN "decisions" jsonb;--> statement-breakpoint
ALTER TABLE "show_journal" ADD COLUMN "state" text;--> statement-breakpoint
ALTER TABLE "show_journal" ADD COLUMN "version" smallint DEFAULT 1 NOT NULL;--> statement-breakpoint
-- Shows written before this release projected their holds and waitlist rows with each commit, so their read models are current up to the last committed entry.
INSERT INTO "show_projections" ("show_id", "seq") SELECT "show_id", "last_seq" FROM "show_owners";
