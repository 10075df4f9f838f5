CREATE TYPE "public"."ask_status" AS ENUM('open', 'resolved', 'deleted');--> statement-breakpoint
CREATE TYPE "public"."volunteer_via" AS ENUM('reaction', 'button');--> statement-breakpoint
CREATE TABLE "asks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"team_id" text NOT NULL,
	"enterprise_id" text,
	"asker_id" text NOT NULL,
	"channel_id" text NOT NULL,
	"message_ts" text,
	"permalink" text,
	"text" text NOT NULL,
	"details" text,
	"deadline" date,
	"status" "ask_status" DEFAULT 'open' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"resolved_at" timestamp with time zone,
	"resolved_by" text
);
--> statement-breakpoint
CREATE TABLE "people" (
	"team_id" text NOT NULL,
	"user_id" text NOT NULL,
	"enterprise_id" text,
	"name" text NOT NULL,
	"real_name" text,
	"tz" text,
	"is_bot" boolean DEFAULT false NOT NULL,
	"is_admin" boolean DEFAULT false NOT NULL,
	"deleted" boolean DEFAULT false NOT NULL,
	"refreshed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "people_team_id_user_id_pk" PRIMARY KEY("team_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "replies" (
	"ask_id" uuid NOT NULL,
	"team_id" text NOT NULL,
	"enterprise_id" text,
	"ts" text NOT NULL,
	"user_id" text NOT NULL,
	"text" text NOT NULL,
	"posted_at" timestamp with time zone NOT NULL,
	"edited_at" timestamp with time zone,
	CONSTRAINT "replies_ask_id_ts_pk" PRIMARY KEY("ask_id","ts")
);
--> statement-breakpoint
CREATE TABLE "slack_events" (
	"event_id" text PRIMARY KEY NOT NULL,
	"team_id" text NOT NULL,
	"claimed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"done_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "volunteers" (
	"ask_id" uuid NOT NULL,
	"team_id" text NOT NULL,
	"enterprise_id" text,
	"user_id" text NOT NULL,
	"via" "volunteer_via" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "volunteers_ask_id_user_id_pk" PRIMARY KEY("ask_id","user_id")
);
--> statement-breakpoint
ALTER TABLE "replies" ADD CONSTRAINT "replies_ask_id_asks_id_fk" FOREIGN KEY ("ask_id") REFERENCES "public"."asks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "volunteers" ADD CONSTRAINT "volunteers_ask_id_asks_id_fk" FOREIGN KEY ("ask_id") REFERENCES "public"."asks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "asks_message_idx" ON "asks" USING btree ("team_id","channel_id","message_ts");--> statement-breakpoint
CREATE INDEX "asks_team_status_idx" ON "asks" USING btree ("team_id","status","created_at");--> statement-breakpoint
CREATE INDEX "asks_asker_idx" ON "asks" USING btree ("team_id","asker_id");--> statement-breakpoint
CREATE INDEX "replies_user_idx" ON "replies" USING btree ("team_id","user_id");--> statement-breakpoint
CREATE INDEX "slack_events_claimed_idx" ON "slack_events" USING btree ("claimed_at");--> statement-breakpoint
CREATE INDEX "volunteers_user_idx" ON "volunteers" USING btree ("team_id","user_id");