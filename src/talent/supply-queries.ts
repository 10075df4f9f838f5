// Raw SQL: one grouped pass over the catalogue skill rows with a hash join to the people, then
// per-title arithmetic (filtered sums, anti-joins), which the query builder cannot say. Tables and
// columns are named through the schema objects.
import { sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { type Db, rowsOf } from '../db/client.js';
import { people, personSkills } from '../db/schema/index.js';
import type { Workspace } from '../slack/workspace.js';
import { memberTitle, titleCtes } from './hidden-queries.js';

/** What members hold and want of one catalogue skill. */
export interface Supply {
  slug: string;
  holders: number;
  learners: number;
  /** Holders whose job title suggests neither the skill nor its category. */
  hidden: number;
}

const p = alias(people, 'p');
const ps = alias(personSkills, 'ps');

/**
 * Holders, learners and hidden talents of every catalogue skill, in one pass over the skill rows (a
 * million in a large workspace, so every cost here is per row): each row is looked up once in a hash
 * of the workspace's people who are not members or have a job title, and counted by (skill, kind,
 * title), some thousands of groups. Whether a title suggests the skill is then decided per distinct
 * (title, skill) pair, not per row. A person with no people row counts, as everywhere else in the bot.
 */
export function supplyCounts(db: Db, ws: Workspace): Promise<Supply[]> {
  return rowsOf<Supply>(
    db,
    sql`with counted as (
          select ${ps.catalogueSlug} as slug, ${ps.kind} as kind, pp.title, count(*)::int as n
          from ${personSkills} ${ps}
          left join (select ${p.userId} as user_id, ${memberTitle(p)} as title,
                            ${p.isGuest} or ${p.deleted} or ${p.isBot} as outsider
                     from ${people} ${p} where ${p.teamId} = ${ws.teamId}
                       -- only those a row must know about: a member with no title counts as no people row does
                       and (${p.isGuest} or ${p.deleted} or ${p.isBot} or coalesce(${p.title}, '') <> '')
                    ) pp on pp.user_id = ${ps.userId}
          where ${ps.teamId} = ${ws.teamId} and ${ps.catalogueSlug} is not null and ${ps.mutedAt} is null
            and pp.outsider is not true
          group by 1, 2, 3),
        ${titleCtes(sql`counted`)}
        select c.slug,
               coalesce(sum(n) filter (where kind = 'skill'), 0)::int as holders,
               coalesce(sum(n) filter (where kind = 'interest'), 0)::int as learners,
               coalesce(sum(n) filter (where kind = 'skill' and c.title is not null and s.slug is null), 0)::int
                 as hidden
        from counted c left join suggested s on s.title = c.title and s.slug = c.slug
        group by c.slug`,
  );
}
