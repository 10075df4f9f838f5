CREATE TABLE "credits" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"team_id" text NOT NULL,
	"enterprise_id" text,
	"ask_id" uuid,
	"user_id" text NOT NULL,
	"credited_by" text NOT NULL,
	"skills" text[] DEFAULT '{}'::text[] NOT NULL,
	"lexemes" text[] DEFAULT '{}'::text[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "skill_offers" (
	"team_id" text NOT NULL,
	"enterprise_id" text,
	"user_id" text NOT NULL,
	"slug" text NOT NULL,
	"answer" text,
	"offered_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "chart_files" (
	"team_id" text NOT NULL,
	"enterprise_id" text,
	"kind" text NOT NULL,
	"file_id" text NOT NULL,
	"alt_text" text NOT NULL,
	"rendered_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "chart_files_team_id_kind_pk" PRIMARY KEY("team_id","kind")
);
--> statement-breakpoint
CREATE TABLE "mentor_offers" (
	"team_id" text NOT NULL,
	"enterprise_id" text,
	"mentor_id" text NOT NULL,
	"learner_id" text NOT NULL,
	"skill" text NOT NULL,
	"offered_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "mentor_offers_team_id_mentor_id_learner_id_pk" PRIMARY KEY("team_id","mentor_id","learner_id")
);
--> statement-breakpoint
CREATE TABLE "spotlights" (
	"team_id" text NOT NULL,
	"enterprise_id" text,
	"week" date NOT NULL,
	"user_id" text NOT NULL,
	"skill" text NOT NULL,
	"posted_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "spotlights_team_id_week_pk" PRIMARY KEY("team_id","week")
);
--> statement-breakpoint
DROP INDEX "person_skills_catalogue_idx";--> statement-breakpoint
DROP INDEX "person_skills_free_lexemes_idx";--> statement-breakpoint
DROP INDEX "person_skills_free_trgm_idx";--> statement-breakpoint
ALTER TABLE "ask_matches" ADD COLUMN "reason" text;--> statement-breakpoint
ALTER TABLE "ask_matches" ADD COLUMN "declined_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "asks" ADD COLUMN "anonymous" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "asks" ADD COLUMN "claimed_by" text;--> statement-breakpoint
ALTER TABLE "asks" ADD COLUMN "claimed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "asks" ADD COLUMN "claim_nudged_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "asks" ADD COLUMN "escalation_step" smallint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "people" ADD COLUMN "digest_paused_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "people" ADD COLUMN "snoozed_until" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "people" ADD COLUMN "history_hidden" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "people" ADD COLUMN "mentor" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "people" ADD COLUMN "spotlight" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "people" ADD COLUMN "title" text;--> statement-breakpoint
ALTER TABLE "person_skills" ADD COLUMN "muted_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "workspace_settings" ADD COLUMN "anonymous_asks" boolean;--> statement-breakpoint
ALTER TABLE "workspace_settings" ADD COLUMN "cross_workspace_matching" boolean;--> statement-breakpoint
ALTER TABLE "workspace_settings" ADD COLUMN "spotlight_channel" text;--> statement-breakpoint
ALTER TABLE "credits" ADD CONSTRAINT "credits_ask_id_asks_id_fk" FOREIGN KEY ("ask_id") REFERENCES "public"."asks"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "credits_ask_user_idx" ON "credits" USING btree ("ask_id","user_id");--> statement-breakpoint
CREATE INDEX "credits_person_idx" ON "credits" USING btree ("team_id","user_id");--> statement-breakpoint
CREATE INDEX "credits_skills_idx" ON "credits" USING gin ("skills");--> statement-breakpoint
CREATE INDEX "credits_lexemes_idx" ON "credits" USING gin ("lexemes");--> statement-breakpoint
CREATE UNIQUE INDEX "skill_offers_pk_idx" ON "skill_offers" USING btree ("team_id","user_id","slug");--> statement-breakpoint
CREATE INDEX "ask_matches_person_idx" ON "ask_matches" USING btree ("team_id","user_id","notified_at");--> statement-breakpoint
CREATE INDEX "asks_text_search_idx" ON "asks" USING gin (to_tsvector('english', "text"));--> statement-breakpoint
CREATE INDEX "person_skills_catalogue_idx" ON "person_skills" USING btree ("team_id","catalogue_slug","user_id","kind","name") WHERE "person_skills"."muted_at" is null;--> statement-breakpoint
CREATE INDEX "person_skills_free_lexemes_idx" ON "person_skills" USING gin ("lexemes") WHERE "person_skills"."catalogue_slug" is null and "person_skills"."muted_at" is null;--> statement-breakpoint
CREATE INDEX "person_skills_free_trgm_idx" ON "person_skills" USING gin ("norm" gin_trgm_ops) WHERE "person_skills"."catalogue_slug" is null and "person_skills"."muted_at" is null;