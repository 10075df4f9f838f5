CREATE TYPE "public"."skill_kind" AS ENUM('skill', 'interest');--> statement-breakpoint
CREATE TABLE "ask_matches" (
	"ask_id" uuid NOT NULL,
	"team_id" text NOT NULL,
	"enterprise_id" text,
	"user_id" text NOT NULL,
	"skill" text NOT NULL,
	"score" real NOT NULL,
	"notified_at" timestamp with time zone,
	CONSTRAINT "ask_matches_ask_id_user_id_pk" PRIMARY KEY("ask_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "catalogue_skills" (
	"slug" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"category" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "catalogue_terms" (
	"term" text PRIMARY KEY NOT NULL,
	"slug" text NOT NULL,
	"lexemes" text[] NOT NULL
);
--> statement-breakpoint
CREATE TABLE "person_skills" (
	"team_id" text NOT NULL,
	"enterprise_id" text,
	"user_id" text NOT NULL,
	"kind" "skill_kind" NOT NULL,
	"name" text NOT NULL,
	"norm" text NOT NULL,
	"catalogue_slug" text,
	"lexemes" text[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "person_skills_team_id_user_id_kind_norm_pk" PRIMARY KEY("team_id","user_id","kind","norm")
);
--> statement-breakpoint
ALTER TABLE "asks" ADD COLUMN "skills" text[] DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE "people" ADD COLUMN "digest_opt_out" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "ask_matches" ADD CONSTRAINT "ask_matches_ask_id_asks_id_fk" FOREIGN KEY ("ask_id") REFERENCES "public"."asks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "catalogue_terms" ADD CONSTRAINT "catalogue_terms_slug_catalogue_skills_slug_fk" FOREIGN KEY ("slug") REFERENCES "public"."catalogue_skills"("slug") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "person_skills" ADD CONSTRAINT "person_skills_catalogue_slug_catalogue_skills_slug_fk" FOREIGN KEY ("catalogue_slug") REFERENCES "public"."catalogue_skills"("slug") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "catalogue_terms_slug_idx" ON "catalogue_terms" USING btree ("slug");--> statement-breakpoint
CREATE INDEX "catalogue_terms_lexemes_idx" ON "catalogue_terms" USING gin ("lexemes");--> statement-breakpoint
CREATE INDEX "catalogue_terms_trgm_idx" ON "catalogue_terms" USING gin ("term" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "person_skills_catalogue_idx" ON "person_skills" USING btree ("team_id","catalogue_slug");--> statement-breakpoint
CREATE INDEX "person_skills_norm_idx" ON "person_skills" USING btree ("team_id","norm");--> statement-breakpoint
CREATE INDEX "person_skills_lexemes_idx" ON "person_skills" USING gin ("lexemes");--> statement-breakpoint
CREATE INDEX "person_skills_trgm_idx" ON "person_skills" USING gin ("norm" gin_trgm_ops);