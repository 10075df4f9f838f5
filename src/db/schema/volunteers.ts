import { relations } from 'drizzle-orm';
import { index, pgEnum, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { asks } from './asks.js';
import { workspaceColumns } from './columns.js';

export const volunteerVia = pgEnum('volunteer_via', ['reaction', 'button']);

export const volunteers = pgTable(
  'volunteers',
  {
    askId: uuid('ask_id')
      .notNull()
      .references(() => asks.id, { onDelete: 'cascade' }),
    ...workspaceColumns(),
    userId: text('user_id').notNull(),
    via: volunteerVia('via').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    /** The volunteer's confirmation DM (with its Withdraw button), updated in place. */
    dmChannel: text('dm_channel'),
    dmTs: text('dm_ts'),
  },
  (t) => [primaryKey({ columns: [t.askId, t.userId] }), index('volunteers_user_idx').on(t.teamId, t.userId)],
);

export const volunteersRelations = relations(volunteers, ({ one }) => ({
  ask: one(asks, { fields: [volunteers.askId], references: [asks.id] }),
}));
