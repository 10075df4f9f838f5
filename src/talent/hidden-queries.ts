// Raw SQL: English stems of job titles against the catalogue's terms and categories (array containment
// and overlap), which the query builder cannot say. Tables and columns are named through the schema objects.
import { type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { catalogueSkills, catalogueTerms, people } from '../db/schema/index.js';
import type { Workspace } from '../slack/workspace.js';

export interface HiddenTalent {
  skill: string;
  category: string;
  /** Members holding the skill whose Slack title suggests neither it nor its category. */
  people: number;
  /** A few of them, only people who allow the spotlight. */
  named: string[];
}

const p = alias(people, 'p');
const cs = alias(catalogueSkills, 'cs');
const t = alias(catalogueTerms, 't');

/**
 * CTEs for "12 people outside Communications know video editing": `titled` (user_id, spotlight, tid)
 * holds members with a job title (users.info profile.title, cached), and `suggested` (tid, slug) the
 * catalogue skills each title names (any name or alias, by English stems) or whose category it names.
 * Titles are few and shared, so each distinct title is stemmed and matched once, not each person's.
 */
export function titleCtes(ws: Workspace): SQL {
  return sql`title_members as (
      select ${p.userId} as user_id, ${p.spotlight} as spotlight, ${p.title} as title
      from ${people} ${p}
      where ${p.teamId} = ${ws.teamId} and coalesce(${p.title}, '') <> ''
        and not ${p.isGuest} and not ${p.deleted} and not ${p.isBot}),
    titles as (
      select title, row_number() over () as tid, tsvector_to_array(to_tsvector('english', title)) as lex
      from (select distinct title from title_members) d),
    suggested as (
      select titles.tid, ${t.slug} as slug from titles
      join ${catalogueTerms} ${t} on cardinality(${t.lexemes}) > 0 and ${t.lexemes} <@ titles.lex
      union
      select titles.tid, ${cs.slug} from titles
      join ${catalogueSkills} ${cs} on tsvector_to_array(to_tsvector('english', ${cs.category})) && titles.lex),
    titled as (select m.user_id, m.spotlight, titles.tid from title_members m join titles using (title))`;
}
