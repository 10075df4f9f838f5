CREATE TABLE "skill_changes" (
	"team_id" text NOT NULL,
	"user_id" text NOT NULL,
	"xid" "xid8" DEFAULT pg_current_xact_id() NOT NULL,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "skill_changes_team_xid_idx" ON "skill_changes" USING btree ("team_id","xid");--> statement-breakpoint
CREATE INDEX "skill_changes_changed_idx" ON "skill_changes" USING btree ("changed_at");--> statement-breakpoint
CREATE INDEX "person_skills_created_idx" ON "person_skills" USING btree ("team_id","created_at");--> statement-breakpoint
-- skill_changes names whose matching data changed, in which transaction: their skills (any write to
-- person_skills), or whether they can be matched at all (people.deleted, people.is_bot). Each process's
-- match index reads the rows since the oldest transaction still running when it last looked.
CREATE FUNCTION skill_changes_log() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'people' THEN
    IF TG_OP = 'INSERT' THEN
      INSERT INTO skill_changes (team_id, user_id) SELECT team_id, user_id FROM new_rows WHERE deleted OR is_bot;
    ELSIF TG_OP = 'UPDATE' THEN
      INSERT INTO skill_changes (team_id, user_id)
      SELECT n.team_id, n.user_id FROM new_rows n JOIN old_rows o ON o.team_id = n.team_id AND o.user_id = n.user_id
      WHERE (n.deleted OR n.is_bot) IS DISTINCT FROM (o.deleted OR o.is_bot);
    ELSE
      INSERT INTO skill_changes (team_id, user_id) SELECT team_id, user_id FROM old_rows WHERE deleted OR is_bot;
    END IF;
    RETURN NULL;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO skill_changes (team_id, user_id) SELECT DISTINCT team_id, user_id FROM new_rows;
  END IF;
  IF TG_OP = 'DELETE' THEN
    INSERT INTO skill_changes (team_id, user_id) SELECT DISTINCT team_id, user_id FROM old_rows;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER person_skills_changes_insert AFTER INSERT ON person_skills
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION skill_changes_log();
--> statement-breakpoint
CREATE TRIGGER person_skills_changes_update AFTER UPDATE ON person_skills
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION skill_changes_log();
--> statement-breakpoint
CREATE TRIGGER person_skills_changes_delete AFTER DELETE ON person_skills
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION skill_changes_log();
--> statement-breakpoint
CREATE TRIGGER people_changes_insert AFTER INSERT ON people
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION skill_changes_log();
--> statement-breakpoint
CREATE TRIGGER people_changes_update AFTER UPDATE ON people
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION skill_changes_log();
--> statement-breakpoint
CREATE TRIGGER people_changes_delete AFTER DELETE ON people
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION skill_changes_log();
