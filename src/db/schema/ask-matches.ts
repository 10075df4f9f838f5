import { relations } from 'drizzle-orm';
import { pgTable, primaryKey, real, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { asks } from './asks.js';
import { workspaceColumns } from './columns.js';

/** The people an ask matched, why, and whether they were told (so nobody is told twice). */
export const askMatches = pgTable(
  'ask_matches',
  {
    askId: uuid('ask_id')
      .notNull()
      .references(() => asks.id, { onDelete: 'cascade' }),
    ...workspaceColumns(),
    userId: text('user_id').notNull(),
    skill: text('skill').notNull(),
    score: real('score').notNull(),
    notifiedAt: timestamp('notified_at', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.askId, t.userId] })],
);

export const askMatchesRelations = relations(askMatches, ({ one }) => ({
  ask: one(asks, { fields: [askMatches.askId], references: [asks.id] }),
}));
