CREATE TABLE "free_skill_names" (
	"team_id" text NOT NULL,
	"norm" text NOT NULL,
	"lexemes" text[] NOT NULL,
	"rows" integer NOT NULL,
	CONSTRAINT "free_skill_names_team_id_norm_pk" PRIMARY KEY("team_id","norm")
);
--> statement-breakpoint
CREATE INDEX "free_skill_names_lexemes_idx" ON "free_skill_names" USING gin ("lexemes");--> statement-breakpoint
CREATE INDEX "free_skill_names_trgm_idx" ON "free_skill_names" USING gin ("norm" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "person_skills_free_names_idx" ON "person_skills" USING btree ("team_id","norm","user_id","kind","name") WHERE "person_skills"."catalogue_slug" is null and "person_skills"."muted_at" is null;--> statement-breakpoint
-- free_skill_names counts each workspace's free-text person_skills rows by name. Statement-level
-- triggers keep it in step with every write (adding, muting, removing, forget-me, uninstall, a catalogue
-- skill deleted under a row), so no write path has to remember it.
CREATE FUNCTION free_skill_names_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO free_skill_names (team_id, norm, lexemes, "rows")
    SELECT team_id, norm, max(lexemes), count(*)::int FROM new_rows
    WHERE catalogue_slug IS NULL GROUP BY team_id, norm ORDER BY team_id, norm
    ON CONFLICT (team_id, norm) DO UPDATE SET "rows" = free_skill_names."rows" + excluded."rows";
  END IF;
  IF TG_OP IN ('DELETE', 'UPDATE') THEN
    UPDATE free_skill_names f SET "rows" = f."rows" - g.n
    FROM (SELECT team_id, norm, count(*)::int AS n FROM old_rows WHERE catalogue_slug IS NULL GROUP BY team_id, norm) g
    WHERE f.team_id = g.team_id AND f.norm = g.norm;
    DELETE FROM free_skill_names f USING (SELECT DISTINCT team_id, norm FROM old_rows) g
    WHERE f.team_id = g.team_id AND f.norm = g.norm AND f."rows" <= 0;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER person_skills_names_insert AFTER INSERT ON person_skills
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION free_skill_names_sync();
--> statement-breakpoint
CREATE TRIGGER person_skills_names_update AFTER UPDATE ON person_skills
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION free_skill_names_sync();
--> statement-breakpoint
CREATE TRIGGER person_skills_names_delete AFTER DELETE ON person_skills
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION free_skill_names_sync();
--> statement-breakpoint
INSERT INTO free_skill_names (team_id, norm, lexemes, "rows")
SELECT team_id, norm, max(lexemes), count(*)::int FROM person_skills
WHERE catalogue_slug IS NULL GROUP BY team_id, norm;
