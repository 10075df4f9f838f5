import { sql } from 'drizzle-orm';
import { boolean, index, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/** A cache of users.info, so listings never call Slack once per row. */
export const people = pgTable(
  'people',
  {
    teamId: text('team_id').notNull(),
    userId: text('user_id').notNull(),
    enterpriseId: text('enterprise_id'),
    name: text('name').notNull(),
    realName: text('real_name'),
    tz: text('tz'),
    isBot: boolean('is_bot').notNull().default(false),
    isAdmin: boolean('is_admin').notNull().default(false),
    /** A multi- or single-channel guest (is_restricted / is_ultra_restricted): sees only what guests may. */
    isGuest: boolean('is_guest').notNull().default(false),
    deleted: boolean('deleted').notNull().default(false),
    digestOptOut: boolean('digest_opt_out').notNull().default(false),
    /** The weekly digest is paused until then (*Pause 4 weeks*). */
    digestPausedUntil: timestamp('digest_paused_until', { withTimezone: true }),
    /** No match notices until then (*Snooze*, `/skills snooze 2w`). */
    snoozedUntil: timestamp('snoozed_until', { withTimezone: true }),
    /** `/skills history off`: their credits are shown to nobody else and never rank them. */
    historyHidden: boolean('history_hidden').notNull().default(false),
    /** `/skills mentor on`: open to teaching what they know to people who want to learn it. */
    mentor: boolean('mentor').notNull().default(false),
    /** `/skills spotlight on`: may be named in the weekly spotlight and among hidden talents. */
    spotlight: boolean('spotlight').notNull().default(false),
    /** The Slack profile's job title (users.info profile.title), for "hidden talents". */
    title: text('title'),
    /** Set the first time they open the App Home, which is then kept up to date for them. */
    homeOpenedAt: timestamp('home_opened_at', { withTimezone: true }),
    refreshedAt: timestamp('refreshed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.teamId, t.userId] }),
    // The few who never match anyone (leavers, bots), read whole by matching.
    index('people_unmatchable_idx').on(t.teamId, t.userId).where(sql`${t.deleted} or ${t.isBot}`),
  ],
);
