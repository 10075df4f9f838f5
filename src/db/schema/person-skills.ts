import { relations, sql } from 'drizzle-orm';
import { customType, index, integer, pgEnum, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { catalogueSkills } from './catalogue.js';
import { workspaceColumns } from './columns.js';

export const skillKind = pgEnum('skill_kind', ['skill', 'interest']);

/** What a person can do (skill) or would like to do or learn (interest). */
export const personSkills = pgTable(
  'person_skills',
  {
    ...workspaceColumns(),
    userId: text('user_id').notNull(),
    kind: skillKind('kind').notNull(),
    /** As shown: the catalogue name, or the person's own words. */
    name: text('name').notNull(),
    /** Lower-case, single-spaced: one row per person, kind and norm. */
    norm: text('norm').notNull(),
    catalogueSlug: text('catalogue_slug').references(() => catalogueSkills.slug, { onDelete: 'set null' }),
    lexemes: text('lexemes').array().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    /** *Not my area*: the row stays on their profile but matches nothing until they add it again. */
    mutedAt: timestamp('muted_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.teamId, t.userId, t.kind, t.norm] }),
    // Matching reads who holds a catalogue skill from this index alone, never the table. Muted rows
    // (*Not my area*) are left out of the matching indexes: matching queries say `muted_at is null`.
    index('person_skills_catalogue_idx')
      .on(t.teamId, t.catalogueSlug, t.userId, t.kind, t.name)
      .where(sql`${t.mutedAt} is null`),
    index('person_skills_norm_idx').on(t.teamId, t.norm),
    // The holders of the free-text names found in free_skill_names, read from this index alone.
    index('person_skills_free_names_idx')
      .on(t.teamId, t.norm, t.userId, t.kind, t.name)
      .where(sql`${t.catalogueSlug} is null and ${t.mutedAt} is null`),
    // Only free text is searched by stems and spelling: catalogue rows would crowd these indexes.
    index('person_skills_free_lexemes_idx')
      .using('gin', t.lexemes)
      .where(sql`${t.catalogueSlug} is null and ${t.mutedAt} is null`),
    index('person_skills_free_trgm_idx')
      .using('gin', t.norm.op('gin_trgm_ops'))
      .where(sql`${t.catalogueSlug} is null and ${t.mutedAt} is null`),
    // The talent snapshot job's "anything added since it was built?" probe.
    index('person_skills_created_idx').on(t.teamId, t.createdAt),
  ],
);

/**
 * Each workspace's distinct free-text names (about one per hundred free-text rows): matching searches
 * these by stems and spelling, then reads the rows of the names found. Kept in step with every write
 * to person_skills by a trigger (migration 0016), so no write path can forget it.
 */
export const freeSkillNames = pgTable(
  'free_skill_names',
  {
    teamId: text('team_id').notNull(),
    norm: text('norm').notNull(),
    lexemes: text('lexemes').array().notNull(),
    /** How many person_skills rows (muted or not) have this free-text name; the row goes at 0. */
    rows: integer('rows').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.teamId, t.norm] }),
    index('free_skill_names_lexemes_idx').using('gin', t.lexemes),
    index('free_skill_names_trgm_idx').using('gin', t.norm.op('gin_trgm_ops')),
  ],
);

export const personSkillsRelations = relations(personSkills, ({ one }) => ({
  catalogue: one(catalogueSkills, { fields: [personSkills.catalogueSlug], references: [catalogueSkills.slug] }),
}));

/** A transaction id (PostgreSQL's xid8), as text: compared in SQL only. */
const xid8 = customType<{ data: string }>({ dataType: () => 'xid8' });

/**
 * Whose skills (or whether they left or are a bot) changed, and in which transaction: each process's
 * in-memory match index (src/skills/match-index.ts) reads what changed since it last looked and
 * reloads those people alone. Written by triggers (migration 0017) on person_skills and people, so no
 * write path can forget it; kept an hour (housekeeping), long enough for any index in use to read it.
 */
export const skillChanges = pgTable(
  'skill_changes',
  {
    teamId: text('team_id').notNull(),
    userId: text('user_id').notNull(),
    xid: xid8('xid').notNull().default(sql`pg_current_xact_id()`),
    changedAt: timestamp('changed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('skill_changes_team_xid_idx').on(t.teamId, t.xid), index('skill_changes_changed_idx').on(t.changedAt)],
);
