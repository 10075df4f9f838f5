CREATE TABLE "talent_snapshots" (
	"team_id" text NOT NULL,
	"enterprise_id" text,
	"kind" text NOT NULL,
	"data" jsonb NOT NULL,
	"built_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "talent_snapshots_team_id_kind_pk" PRIMARY KEY("team_id","kind")
);
--> statement-breakpoint
ALTER TABLE "asks" ADD COLUMN "asker_dm_channel" text;--> statement-breakpoint
ALTER TABLE "asks" ADD COLUMN "asker_dm_ts" text;--> statement-breakpoint
ALTER TABLE "asks" ADD COLUMN "checked_in_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "asks" ADD COLUMN "edited_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "asks" ADD COLUMN "held_skills" text[] DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE "volunteers" ADD COLUMN "dm_channel" text;--> statement-breakpoint
ALTER TABLE "volunteers" ADD COLUMN "dm_ts" text;