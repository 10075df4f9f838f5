import { date, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { workspaceColumns } from './columns.js';

/** A chart uploaded to Slack (files.uploadV2), reused for a day so it is rendered at most daily. */
export const chartFiles = pgTable(
  'chart_files',
  {
    ...workspaceColumns(),
    /** Which chart: 'supply_demand_category', 'supply_demand_skills', 'insights_trend'. */
    kind: text('kind').notNull(),
    fileId: text('file_id').notNull(),
    /** The numbers it shows, as its alt text says them. */
    altText: text('alt_text').notNull(),
    renderedAt: timestamp('rendered_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.teamId, t.kind] })],
);

/** A learner offered to a mentor by the digest: nobody is offered twice. */
export const mentorOffers = pgTable(
  'mentor_offers',
  {
    ...workspaceColumns(),
    mentorId: text('mentor_id').notNull(),
    learnerId: text('learner_id').notNull(),
    skill: text('skill').notNull(),
    offeredAt: timestamp('offered_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.teamId, t.mentorId, t.learnerId] })],
);

/** The weekly spotlight: one post per workspace and week, nobody twice in 8 weeks. */
export const spotlights = pgTable(
  'spotlights',
  {
    ...workspaceColumns(),
    week: date('week').notNull(),
    userId: text('user_id').notNull(),
    skill: text('skill').notNull(),
    postedAt: timestamp('posted_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.teamId, t.week] })],
);

/**
 * Figures about a workspace's talent (counts per skill and category), built by a job so the map
 * and report read one row instead of counting 100,000 people while someone waits.
 */
export const talentSnapshots = pgTable(
  'talent_snapshots',
  {
    ...workspaceColumns(),
    /** Which figures: 'map' (supply and demand per skill). */
    kind: text('kind').notNull(),
    data: jsonb('data').notNull(),
    builtAt: timestamp('built_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.teamId, t.kind] })],
);
