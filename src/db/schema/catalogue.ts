import { relations } from 'drizzle-orm';
import { boolean, index, pgTable, text } from 'drizzle-orm/pg-core';

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

export const catalogueSkillsRelations = relations(catalogueSkills, ({ many }) => ({ terms: many(catalogueTerms) }));
export const catalogueTermsRelations = relations(catalogueTerms, ({ one }) => ({
  skill: one(catalogueSkills, { fields: [catalogueTerms.slug], references: [catalogueSkills.slug] }),
}));
