import { sql } from 'drizzle-orm';
import { bigint, index, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Every Slack request that causes work, written before its acknowledgement leaves the process, so
 * work Slack was told is accepted survives the process dying: a row left undone by a process that
 * has gone quiet is taken over and run again. An event's key is its event_id (unique across
 * workspaces, and the same on Slack's retries); other requests get a key of their own.
 */
export const inbox = pgTable(
  'inbox',
  {
    key: text('key').primaryKey(),
    teamId: text('team_id').notNull(),
    /** event, command, action, view, shortcut */
    kind: text('kind').notNull(),
    /** The request body as Bolt parsed it. */
    payload: jsonb('payload').notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
    /** The bot process (bot_processes.key) working on it; null when released for anyone to take. */
    claimedBy: bigint('claimed_by', { mode: 'bigint' }),
    doneAt: timestamp('done_at', { withTimezone: true }),
  },
  (t) => [
    index('inbox_received_idx').on(t.receivedAt),
    index('inbox_pending_idx').on(t.receivedAt).where(sql`${t.doneAt} is null`),
  ],
);
