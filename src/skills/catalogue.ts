// Raw SQL fragments only, for what the query builder has no words for: an upsert's `excluded` row and
// English stems (to_tsvector); columns in them are named through the schema objects.
import { readFileSync } from 'node:fs';
import { type and, asc, eq, ilike, inArray, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import type { Db } from '../db/client.js';
import { catalogueSignals, catalogueSkills, catalogueTerms } from '../db/schema/index.js';
import { normaliseSkill } from './normalise.js';

const entries = z.array(
  z.object({
    slug: z.string(),
    name: z.string(),
    category: z.string(),
    aliases: z.array(z.string()),
    /** Words and phrases that show a need for the skill without naming it: weaker evidence than a name. */
    signals: z.array(z.string()).default([]),
  }),
);
export type CatalogueEntry = z.infer<typeof entries>[number];

export function loadCatalogue(): CatalogueEntry[] {
  return entries.parse(JSON.parse(readFileSync(new URL('./catalogue.json', import.meta.url), 'utf8')));
}

const SEED_LOCK = 727_274_002;

/**
 * Terms too ordinary to spot in free prose ("go", "3 pm", "pay"): they match only when someone
 * types exactly them, never by finding their stem inside an ask.
 */
const STRONG_SHORT = new Set(['hr', 'ai', 'ux', 'ui', 'qa', 'ml', 'js', 'pr', 'c#', 'ba']);
const PROSE_WORDS = new Set(['go', 'pay', 'dev', 'art', 'law']);
/** Terms whose stems are everyday words ("access", "support"): matched on their words as written. */
const UNSTEMMED = new Set(['accessibility', 'minute taking', 'it service management', 'project support']);
/** The value an upsert proposed for the column (the builder has no name for `excluded`). */
const excluded = (column: AnyPgColumn) => sql`excluded.${sql.identifier(column.name)}`;
const exactOnly = (term: string) => (term.length <= 2 && !STRONG_SHORT.has(term)) || PROSE_WORDS.has(term);

/** Brings the catalogue tables in line with catalogue.json; safe to run on every start, on every replica. */
export async function seedCatalogue(db: Db, catalogue = loadCatalogue()): Promise<void> {
  const terms = catalogue.flatMap((e) =>
    [e.name, ...e.aliases].map((t) => ({ term: normaliseSkill(t).norm, slug: e.slug })),
  );
  await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${SEED_LOCK})`);
    await tx
      .insert(catalogueSkills)
      .values(catalogue.map(({ slug, name, category }) => ({ slug, name, category })))
      .onConflictDoUpdate({
        target: catalogueSkills.slug,
        set: { name: excluded(catalogueSkills.name), category: excluded(catalogueSkills.category) },
      });
    await tx.delete(catalogueTerms);
    await tx
      .insert(catalogueTerms)
      .values(
        terms.map((t) => {
          const stemmed = !UNSTEMMED.has(t.term);
          const config = stemmed ? 'english' : 'simple';
          const lexemes = exactOnly(t.term)
            ? sql`'{}'::text[]`
            : sql`tsvector_to_array(to_tsvector(${config}::regconfig, ${t.term}))`;
          return { ...t, stemmed, lexemes };
        }),
      )
      .onConflictDoNothing();
    await tx.delete(catalogueSignals);
    const signals = new Map(
      catalogue.flatMap((e) =>
        e.signals.map((s) => [`${e.slug} ${s}`, { slug: e.slug, phrase: normaliseSkill(s).norm }]),
      ),
    );
    if (signals.size > 0)
      await tx
        .insert(catalogueSignals)
        .values(
          [...signals.values()].map((s) => ({
            ...s,
            lexemes: sql`tsvector_to_array(to_tsvector('english', ${s.phrase}))`,
          })),
        )
        .onConflictDoNothing();
  });
}

export interface CatalogueSkill {
  slug: string;
  name: string;
}

/** The catalogue skill each normalised name is a name or alias of. */
export async function catalogueFor(db: Db, norms: string[]): Promise<Map<string, CatalogueSkill>> {
  if (norms.length === 0) return new Map();
  const rows = await db
    .select({ term: catalogueTerms.term, slug: catalogueSkills.slug, name: catalogueSkills.name })
    .from(catalogueTerms)
    .innerJoin(catalogueSkills, eq(catalogueSkills.slug, catalogueTerms.slug))
    .where(inArray(catalogueTerms.term, norms));
  return new Map(rows.map((r) => [r.term, { slug: r.slug, name: r.name }]));
}

/** Type-ahead for the skills pickers: skills with a name or alias containing the typed text. */
export async function searchCatalogue(db: Db, typed: string, limit = 50): Promise<CatalogueSkill[]> {
  const q = normaliseSkill(typed).norm;
  const byName = (where: ReturnType<typeof and>) =>
    db
      .selectDistinctOn([catalogueSkills.name], { slug: catalogueSkills.slug, name: catalogueSkills.name })
      .from(catalogueTerms)
      .innerJoin(catalogueSkills, eq(catalogueSkills.slug, catalogueTerms.slug))
      .where(where)
      .orderBy(asc(catalogueSkills.name))
      .limit(limit);
  if (!q) return byName(undefined);
  return byName(ilike(catalogueTerms.term, `%${q.replace(/[%_\\]/g, '\\$&')}%`));
}
