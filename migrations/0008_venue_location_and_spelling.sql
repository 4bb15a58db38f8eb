ALTER TABLE "venues" ADD COLUMN "postal_code" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "venues" ADD COLUMN "latitude" double precision;--> statement-breakpoint
ALTER TABLE "venues" ADD COLUMN "longitude" double precision;--> statement-breakpoint
CREATE INDEX "events_spelling_idx" ON "events" USING gin (translate(lower("title" || ' ' || "performers"::text || ' ' || coalesce("genre", '')), 'ÀÁÂÃÄÅàáâãäåĀāĂăĄąÇçĆćČčĎďÈÉÊËèéêëĒēĖėĘęĚěÌÍÎÏìíîïĪīĮįŁłÑñŃńŇňÒÓÔÕÖØòóôõöøŌōŐőŔŕŘřŚśŠšŞşŤťÙÚÛÜùúûüŪūŮůŰűŲųÝýÿŸŹźŻżŽž', 'aaaaaaaaaaaaaaaaaaccccccddeeeeeeeeeeeeeeeeiiiiiiiiiiiillnnnnnnoooooooooooooooorrrrssssssttuuuuuuuuuuuuuuuuyyyyzzzzzz') gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "venues_location_idx" ON "venues" USING btree ("latitude","longitude");--> statement-breakpoint
CREATE INDEX "venues_postal_code_idx" ON "venues" USING btree (upper(replace("postal_code", ' ', '')) text_pattern_ops);--> statement-breakpoint
ALTER TABLE "venues" ADD CONSTRAINT "venues_location_check" CHECK (("venues"."latitude" is null) = ("venues"."longitude" is null) and "venues"."latitude" between -90 and 90 and "venues"."longitude" between -180 and 180);