import { bigint, index, integer, jsonb, pgEnum, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { workspaceColumns } from './columns.js';

/**
 * pending → claimed (by a run) → sending (the DM is in flight) → sent | failed | retry.
 * A run that dies leaves claimed or sending rows; the next run returns claimed ones to pending
 * and asks Slack whether each sending one arrived, so nobody gets a week's digest twice.
 */
export const deliveryStatus = pgEnum('delivery_status', ['pending', 'claimed', 'sending', 'sent', 'failed', 'retry']);

export const digestDeliveries = pgTable(
  'digest_deliveries',
  {
    ...workspaceColumns(),
    userId: text('user_id').notNull(),
    /** ISO week in DIGEST_TIMEZONE, e.g. 2026-W48. */
    week: text('week').notNull(),
    status: deliveryStatus('status').notNull().default('pending'),
    /** What the digest says, fixed when the week is planned. */
    content: jsonb('content').notNull(),
    claimedBy: bigint('claimed_by', { mode: 'bigint' }),
    claimedAt: timestamp('claimed_at', { withTimezone: true }),
    attempts: integer('attempts').notNull().default(0),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    channelId: text('channel_id'),
    messageTs: text('message_ts'),
    error: text('error'),
    plannedAt: timestamp('planned_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.teamId, t.userId, t.week] }),
    index('digest_deliveries_week_status_idx').on(t.week, t.status),
  ],
);
