CREATE TABLE "forgotten_people" (
	"team_id" text NOT NULL,
	"enterprise_id" text,
	"user_id" text NOT NULL,
	"forgotten_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "forgotten_people_team_id_user_id_pk" PRIMARY KEY("team_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "workspace_uninstalls" (
	"team_id" text PRIMARY KEY NOT NULL,
	"enterprise_id" text,
	"uninstalled_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "replies" ALTER COLUMN "text" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "people" ADD COLUMN "is_guest" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "workspace_settings" ADD COLUMN "guests_may_ask" boolean;