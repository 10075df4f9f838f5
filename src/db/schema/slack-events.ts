import { bigint, index, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Event claims before the inbox took their place: unused by this version, and kept for one
 * release so that replicas of the previous version do not fail during a rolling deploy (the two
 * versions claim events in different tables, so an event retried during the roll may act twice).
 * Drop it, and this file, in the next release's migration.
 */
export const slackEvents = pgTable(
  'slack_events',
  {
    eventId: text('event_id').primaryKey(),
    teamId: text('team_id').notNull(),
    claimedAt: timestamp('claimed_at', { withTimezone: true }).notNull().defaultNow(),
    /** The bot process (bot_processes.key) working on it. */
    claimedBy: bigint('claimed_by', { mode: 'bigint' }),
    doneAt: timestamp('done_at', { withTimezone: true }),
  },
  (t) => [index('slack_events_claimed_idx').on(t.claimedAt)],
);
