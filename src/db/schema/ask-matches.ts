import { relations } from 'drizzle-orm';
import { index, pgTable, primaryKey, real, text, timestamp, uuid } from 'drizzle-orm/pg-core';
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
    /** Why they were picked beyond their skill: 'credits', 'similar_ask', 'interest', 'escalation'. */
    reason: text('reason'),
    /** *Not my area* pressed on this ask's notice. */
    declinedAt: timestamp('declined_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.askId, t.userId] }),
    // The weekly cap on match notices counts a person's recent ones.
    index('ask_matches_person_idx').on(t.teamId, t.userId, t.notifiedAt),
  ],
);

export const askMatchesRelations = relations(askMatches, ({ one }) => ({
  ask: one(asks, { fields: [askMatches.askId], references: [asks.id] }),
}));
