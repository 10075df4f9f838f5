import { relations } from 'drizzle-orm';
import { index, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { asks } from './asks.js';
import { workspaceColumns } from './columns.js';

export const replies = pgTable(
  'replies',
  {
    askId: uuid('ask_id')
      .notNull()
      .references(() => asks.id, { onDelete: 'cascade' }),
    ...workspaceColumns(),
    ts: text('ts').notNull(),
    userId: text('user_id').notNull(),
    /** Null once the retention period after the ask closed has passed: only author and time remain. */
    text: text('text'),
    postedAt: timestamp('posted_at', { withTimezone: true }).notNull(),
    editedAt: timestamp('edited_at', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.askId, t.ts] }), index('replies_user_idx').on(t.teamId, t.userId)],
);

export const repliesRelations = relations(replies, ({ one }) => ({
  ask: one(asks, { fields: [replies.askId], references: [asks.id] }),
}));
