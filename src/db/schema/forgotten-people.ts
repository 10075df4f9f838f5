import { pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { workspaceColumns } from './columns.js';

/**
 * People who asked to be forgotten (`/skills forget me`): nothing about them is stored again, not
 * by a later user_change event nor by a member sync, unless they use the bot again themselves.
 */
export const forgottenPeople = pgTable(
  'forgotten_people',
  {
    ...workspaceColumns(),
    userId: text('user_id').notNull(),
    forgottenAt: timestamp('forgotten_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.teamId, t.userId] })],
);
