CREATE TABLE "catalogue_signals" (
	"slug" text NOT NULL,
	"phrase" text NOT NULL,
	"lexemes" text[] NOT NULL,
	CONSTRAINT "catalogue_signals_slug_phrase_pk" PRIMARY KEY("slug","phrase")
);
--> statement-breakpoint
ALTER TABLE "catalogue_signals" ADD CONSTRAINT "catalogue_signals_slug_catalogue_skills_slug_fk" FOREIGN KEY ("slug") REFERENCES "public"."catalogue_skills"("slug") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "catalogue_signals_lexemes_idx" ON "catalogue_signals" USING gin ("lexemes");