DROP INDEX "person_skills_lexemes_idx";--> statement-breakpoint
DROP INDEX "person_skills_trgm_idx";--> statement-breakpoint
DROP INDEX "person_skills_catalogue_idx";--> statement-breakpoint
CREATE INDEX "people_unmatchable_idx" ON "people" USING btree ("team_id","user_id") WHERE "people"."deleted" or "people"."is_bot";--> statement-breakpoint
CREATE INDEX "person_skills_free_lexemes_idx" ON "person_skills" USING gin ("lexemes") WHERE "person_skills"."catalogue_slug" is null;--> statement-breakpoint
CREATE INDEX "person_skills_free_trgm_idx" ON "person_skills" USING gin ("norm" gin_trgm_ops) WHERE "person_skills"."catalogue_slug" is null;--> statement-breakpoint
CREATE INDEX "person_skills_catalogue_idx" ON "person_skills" USING btree ("team_id","catalogue_slug","user_id","kind","name");