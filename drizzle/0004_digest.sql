CREATE TYPE "public"."delivery_status" AS ENUM('pending', 'claimed', 'sending', 'sent', 'failed', 'retry');--> statement-breakpoint
ALTER TYPE "public"."ask_status" ADD VALUE 'expired';--> statement-breakpoint
CREATE TABLE "digest_deliveries" (
	"team_id" text NOT NULL,
	"enterprise_id" text,
	"user_id" text NOT NULL,
	"week" text NOT NULL,
	"status" "delivery_status" DEFAULT 'pending' NOT NULL,
	"content" jsonb NOT NULL,
	"claimed_by" bigint,
	"claimed_at" timestamp with time zone,
	"attempts" integer DEFAULT 0 NOT NULL,
	"sent_at" timestamp with time zone,
	"channel_id" text,
	"message_ts" text,
	"error" text,
	"planned_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "digest_deliveries_team_id_user_id_week_pk" PRIMARY KEY("team_id","user_id","week")
);
--> statement-breakpoint
ALTER TABLE "asks" ADD COLUMN "reminded_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "digest_deliveries_week_status_idx" ON "digest_deliveries" USING btree ("week","status");