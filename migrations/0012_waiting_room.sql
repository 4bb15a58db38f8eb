CREATE TABLE "room_journal" (
	"show_id" text NOT NULL,
	"seq" bigint NOT NULL,
	"epoch" integer NOT NULL,
	"event" jsonb NOT NULL,
	"outcomes" jsonb NOT NULL,
	"version" smallint DEFAULT 1 NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "room_journal_show_id_seq_pk" PRIMARY KEY("show_id","seq")
);
--> statement-breakpoint
CREATE TABLE "room_owners" (
	"show_id" text PRIMARY KEY NOT NULL,
	"epoch" integer NOT NULL,
	"owner_node" text NOT NULL,
	"last_seq" bigint DEFAULT 0 NOT NULL,
	"state" text DEFAULT 'closed' NOT NULL,
	"live" boolean DEFAULT true NOT NULL,
	"taken_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "room_snapshots" (
	"show_id" text PRIMARY KEY NOT NULL,
	"seq" bigint NOT NULL,
	"snapshot" jsonb NOT NULL,
	"taken_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "room_owners" ADD CONSTRAINT "room_owners_show_id_shows_id_fk" FOREIGN KEY ("show_id") REFERENCES "public"."shows"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "room_owners_live_idx" ON "room_owners" USING btree ("live");