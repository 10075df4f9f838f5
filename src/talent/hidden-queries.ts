// Raw SQL: English stems of job titles against the catalogue's terms and categories (array containment
// and overlap), grouped, which the query builder cannot say. Tables and columns are named through the
// schema objects.
import { sql } from 'drizzle-orm';
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

const SHOWN = 3;
const NAMED = 3;

const p = alias(people, 'p');
const ps = alias(personSkills, 'ps');
const cs = alias(catalogueSkills, 'cs');
const t = alias(catalogueTerms, 't');

/**
 * "12 people outside Communications know video editing": skills held by members whose job title
 * (users.info profile.title, cached) names neither the skill (any catalogue name or alias, by English
 * stems) nor its category. Titles are few and shared, so each distinct title is matched once.
 */
export async function hiddenTalents(db: Db, ws: Workspace): Promise<HiddenTalent[]> {
  return rowsOf<HiddenTalent>(
    db,
    sql`with titled as (
          select ${p.userId} as user_id, ${p.spotlight} as spotlight,
                 tsvector_to_array(to_tsvector('english', ${p.title})) as lex
          from ${people} ${p}
          where ${p.teamId} = ${ws.teamId} and coalesce(${p.title}, '') <> ''
            and not ${p.isGuest} and not ${p.deleted} and not ${p.isBot}),
        titles as (select distinct lex from titled),
        suggested as (
          select titles.lex, ${t.slug} as slug from titles
          join ${catalogueTerms} ${t} on cardinality(${t.lexemes}) > 0 and ${t.lexemes} <@ titles.lex
          union
          select titles.lex, ${cs.slug} from titles
          join ${catalogueSkills} ${cs}
            on tsvector_to_array(to_tsvector('english', ${cs.category})) && titles.lex),
        hidden as (
          select ${ps.catalogueSlug} as slug, titled.user_id, titled.spotlight
          from ${personSkills} ${ps} join titled on titled.user_id = ${ps.userId}
          where ${ps.teamId} = ${ws.teamId} and ${ps.kind} = 'skill' and ${ps.catalogueSlug} is not null
            and ${ps.mutedAt} is null
            and not exists (select 1 from suggested s where s.lex = titled.lex and s.slug = ${ps.catalogueSlug}))
        select ${cs.name} as skill, ${cs.category} as category, count(*)::int as people,
               coalesce((array_agg(hidden.user_id order by hidden.user_id)
                          filter (where hidden.spotlight))[1:${NAMED}], '{}') as named
        from hidden join ${catalogueSkills} ${cs} on ${cs.slug} = hidden.slug
        group by ${cs.name}, ${cs.category}
        order by people desc, skill
        limit ${SHOWN}`,
  );
}
