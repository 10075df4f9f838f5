import { sql } from 'drizzle-orm';
import { bigint, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { workspaceColumns } from './columns.js';

/**
 * Notices owed to people, written in the transaction that changed the state they tell about, and
 * delivered after it: at once by the request that owed them, or, if that process died, by
 * whichever process looks next. A message carries its id in Slack's message metadata, so a
 * delivery cut off mid-send is looked up in Slack before it is sent again.
 */
export const outbox = pgTable(
  'outbox',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ...workspaceColumns(),
    /** message: one chat.postMessage; ask_refresh: re-render an ask's message from the database. */
    kind: text('kind').notNull(),
    /** Owed once however often the change is made, when given; and how a caller finds it again. */
    key: text('key'),
    payload: jsonb('payload').notNull(),
    /** clock_timestamp(), not now(): the notices one transaction owes go out in the order owed. */
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().default(sql`clock_timestamp()`),
    /** Not to be tried before (a retry after Slack refused for now). */
    notBefore: timestamp('not_before', { withTimezone: true }).notNull().defaultNow(),
    claimedBy: bigint('claimed_by', { mode: 'bigint' }),
    attempts: integer('attempts').notNull().default(0),
    doneAt: timestamp('done_at', { withTimezone: true }),
    /** Why it was given up on (Slack's error code), when it was. */
    error: text('error'),
  },
  (t) => [
    uniqueIndex('outbox_key_idx').on(t.key),
    index('outbox_pending_idx').on(t.notBefore).where(sql`${t.doneAt} is null`),
    index('outbox_created_idx').on(t.createdAt),
  ],
);
