import { pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * One row per workspace and week once that week's digest is planned: running again plans nothing.
 * It also keeps the week's asks in the order digests refer to them by position, newest first.
 */
export const digestWeeks = pgTable(
  'digest_weeks',
  {
    teamId: text('team_id').notNull(),
    week: text('week').notNull(),
    askIds: uuid('ask_ids').array().notNull(),
    plannedAt: timestamp('planned_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.teamId, t.week] })],
);
