CREATE TABLE "digest_weeks" (
	"team_id" text NOT NULL,
	"week" text NOT NULL,
	"ask_ids" uuid[] NOT NULL,
	"planned_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "digest_weeks_team_id_week_pk" PRIMARY KEY("team_id","week")
);
