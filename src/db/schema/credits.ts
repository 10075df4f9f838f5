import { relations, sql } from 'drizzle-orm';
import { index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { asks } from './asks.js';
import { workspaceColumns } from './columns.js';

/**
 * Who actually helped with an ask, as its asker said when resolving it. The ask's catalogue skills
 * and English stems are copied here, so help keeps counting after the ask itself is deleted.
 */
export const credits = pgTable(
  'credits',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ...workspaceColumns(),
    askId: uuid('ask_id').references(() => asks.id, { onDelete: 'set null' }),
    userId: text('user_id').notNull(),
    creditedBy: text('credited_by').notNull(),
    /** Catalogue slugs of the ask's skills. */
    skills: text('skills').array().notNull().default(sql`'{}'::text[]`),
    /** English stems of the ask's text: weak evidence of what they can help with. */
    lexemes: text('lexemes').array().notNull().default(sql`'{}'::text[]`),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('credits_ask_user_idx').on(t.askId, t.userId),
    index('credits_person_idx').on(t.teamId, t.userId),
    index('credits_skills_idx').using('gin', t.skills),
    index('credits_lexemes_idx').using('gin', t.lexemes),
  ],
);

export const creditsRelations = relations(credits, ({ one }) => ({
  ask: one(asks, { fields: [credits.askId], references: [asks.id] }),
}));

/** "Add WordPress to my skills?" offered after a credit: asked once per person and skill, ever. */
export const skillOffers = pgTable(
  'skill_offers',
  {
    ...workspaceColumns(),
    userId: text('user_id').notNull(),
    slug: text('slug').notNull(),
    /** 'added' or 'declined'; null while unanswered. */
    answer: text('answer'),
    offeredAt: timestamp('offered_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('skill_offers_pk_idx').on(t.teamId, t.userId, t.slug)],
);
