// Raw SQL: English stems of job titles against the catalogue's terms and categories (array containment
// and overlap), which the query builder cannot say. Tables and columns are named through the schema objects.
import { type Column, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { type Db, rowsOf } from '../db/client.js';
import { catalogueSkills, catalogueTerms, people, personSkills } from '../db/schema/index.js';
import type { Workspace } from '../slack/workspace.js';

export interface HiddenTalent {
  skill: string;
  category: string;
  /** Members holding the skill whose Slack title suggests neither it nor its category. */
  people: number;
  /** A few of them, only people who allow the spotlight. */
  named: string[];
}

/** A member's job title, or null: guests, leavers and bots have none here, so they never count as hidden. */
export const memberTitle = (p: Record<'isGuest' | 'deleted' | 'isBot' | 'title', Column>) =>
  sql`case when not (${p.isGuest} or ${p.deleted} or ${p.isBot}) then nullif(${p.title}, '') end`;

const p = alias(people, 'p');
const ps = alias(personSkills, 'ps');
const cs = alias(catalogueSkills, 'cs');
const t = alias(catalogueTerms, 't');

/**
 * CTEs for "12 people outside Communications know video editing": `titles` (title, lex) stems each
 * distinct title of `source` (a CTE with a `title` column) once, and `suggested` (title, slug) holds the
 * catalogue skills each title names (any name or alias, by English stems) or whose category it names.
 * Titles are few and shared, so this is worked out per distinct title, never per person or skill row.
 */
export function titleCtes(source: SQL): SQL {
  return sql`titles as (
      select title, tsvector_to_array(to_tsvector('english', title)) as lex
      from (select distinct title from ${source} where title is not null) d),
    suggested as materialized (
      select titles.title, ${t.slug} as slug from titles
      join ${catalogueTerms} ${t} on cardinality(${t.lexemes}) > 0 and ${t.lexemes} <@ titles.lex
      union
      select titles.title, ${cs.slug} from titles
      join ${catalogueSkills} ${cs} on tsvector_to_array(to_tsvector('english', ${cs.category})) && titles.lex)`;
}

/**
 * A few hidden holders of each of `slugs` who allow the spotlight, to name beside the counts: read
 * only for the few skills the map shows, from their holders in the catalogue index.
 */
export async function namedHidden(db: Db, ws: Workspace, slugs: string[], max: number): Promise<Map<string, string[]>> {
  if (slugs.length === 0) return new Map();
  const rows = await rowsOf<{ slug: string; named: string[] }>(
    db,
    sql`with candidates as (
          select ${ps.catalogueSlug} as slug, ${ps.userId} as user_id, ${memberTitle(p)} as title
          from ${personSkills} ${ps}
          join ${people} ${p} on ${p.teamId} = ${ps.teamId} and ${p.userId} = ${ps.userId} and ${p.spotlight}
          where ${ps.teamId} = ${ws.teamId} and ${ps.mutedAt} is null and ${ps.kind} = 'skill'
            and ${ps.catalogueSlug} in (${sql.join(
              slugs.map((s) => sql`${s}`),
              sql`, `,
            )})),
        ${titleCtes(sql`candidates`)}
        select slug, (array_agg(user_id order by user_id))[1:${max}] as named from candidates o
        where title is not null
          and not exists (select 1 from suggested s where s.title = o.title and s.slug = o.slug)
        group by slug`,
  );
  return new Map(rows.map((r) => [r.slug, r.named]));
}
