import { relations } from 'drizzle-orm';
import { boolean, index, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';

/**
 * The seeded skill catalogue. It is reference data shared by every workspace and holds nothing
 * about anyone, so unlike every other table it has no team_id.
 */
export const catalogueSkills = pgTable('catalogue_skills', {
  slug: text('slug').primaryKey(),
  name: text('name').notNull(),
  category: text('category').notNull(),
});

/** Each name and alias of a catalogue skill, normalised, with its English stems for matching. */
export const catalogueTerms = pgTable(
  'catalogue_terms',
  {
    term: text('term').primaryKey(),
    slug: text('slug')
      .notNull()
      .references(() => catalogueSkills.slug, { onDelete: 'cascade' }),
    lexemes: text('lexemes').array().notNull(),
    /**
     * False for terms whose English stem is an everyday word ("accessibility" → "access"): their words
     * must appear as written.
     */
    stemmed: boolean('stemmed').notNull().default(true),
  },
  (t) => [
    index('catalogue_terms_slug_idx').on(t.slug),
    index('catalogue_terms_lexemes_idx').using('gin', t.lexemes),
    index('catalogue_terms_trgm_idx').using('gin', t.term.op('gin_trgm_ops')),
  ],
);

/**
 * Words and phrases that show a need for a catalogue skill without naming it ("typos", "check my
 * report" for Proofreading). Apart from the terms because one signal may point at several skills,
 * and because a signal is weaker evidence than a name: it matches on its stems, below a name or alias.
 */
export const catalogueSignals = pgTable(
  'catalogue_signals',
  {
    slug: text('slug')
      .notNull()
      .references(() => catalogueSkills.slug, { onDelete: 'cascade' }),
    /** Normalised, as written in the catalogue. */
    phrase: text('phrase').notNull(),
    /** English stems of the phrase: all of them in an ask's stems make it a hit. */
    lexemes: text('lexemes').array().notNull(),
  },
  (t) => [primaryKey({ columns: [t.slug, t.phrase] }), index('catalogue_signals_lexemes_idx').using('gin', t.lexemes)],
);

export const catalogueSkillsRelations = relations(catalogueSkills, ({ many }) => ({
  terms: many(catalogueTerms),
  signals: many(catalogueSignals),
}));
export const catalogueSignalsRelations = relations(catalogueSignals, ({ one }) => ({
  skill: one(catalogueSkills, { fields: [catalogueSignals.slug], references: [catalogueSkills.slug] }),
}));
export const catalogueTermsRelations = relations(catalogueTerms, ({ one }) => ({
  skill: one(catalogueSkills, { fields: [catalogueTerms.slug], references: [catalogueSkills.slug] }),
}));
