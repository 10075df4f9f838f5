// Raw SQL: each person's credits per skill counted by array membership (`= any`) in one grouped join,
// which the query builder cannot say. Tables and columns are named through the schema objects.
import { sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { type Db, rowsOf } from '../db/client.js';
import { catalogueSkills, credits, people, personSkills } from '../db/schema/index.js';
import type { Workspace } from '../slack/workspace.js';

export interface MatrixRow {
  userId: string;
  name: string | null;
  skill: string;
  kind: string;
  category: string | null;
  credits: number;
}

const ps = alias(personSkills, 'ps');
const p = alias(people, 'p');
const cs = alias(catalogueSkills, 'cs');
const c = alias(credits, 'c');

/**
 * Every member's skills and interests with the catalogue category and the credits they earned on
 * asks that wanted the skill; leavers and bots are left out, and so are the credits of people who hid
 * their helping history.
 */
export async function skillsMatrix(db: Db, ws: Workspace): Promise<MatrixRow[]> {
  return rowsOf<MatrixRow>(
    db,
    sql`with earned as (
          select ${c.userId} as user_id, s.slug, count(*)::int as n
          from ${credits} ${c} cross join unnest(${c.skills}) as s(slug)
          where ${c.teamId} = ${ws.teamId}
          group by 1, 2)
        select ${ps.userId} as "userId", ${p.name} as name, ${ps.name} as skill, ${ps.kind}::text as kind,
               ${cs.category} as category,
               case when coalesce(${p.historyHidden}, false) then 0 else coalesce(e.n, 0) end as credits
        from ${personSkills} ${ps}
        left join ${people} ${p} on ${p.teamId} = ${ps.teamId} and ${p.userId} = ${ps.userId}
        left join ${catalogueSkills} ${cs} on ${cs.slug} = ${ps.catalogueSlug}
        left join earned e on e.user_id = ${ps.userId} and e.slug = ${ps.catalogueSlug}
        where ${ps.teamId} = ${ws.teamId} and not coalesce(${p.deleted} or ${p.isBot}, false)
        order by ${ps.userId}, ${ps.kind}, ${ps.norm}`,
  );
}
