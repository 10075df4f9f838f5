// Raw SQL: set-based counts over every skill row and ask of a workspace (grouping, unnest, anti-joins),
// one statement each, never a query per person. Tables and columns are named through the schema objects.
import { sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { type Db, rowsOf } from '../db/client.js';
import { asks, catalogueSkills, people, personSkills, volunteers } from '../db/schema/index.js';
import type { Workspace } from '../slack/workspace.js';
import { type HiddenTalent, hiddenTalents } from './hidden-queries.js';

/** How far back the map counts asks. */
export const DEMAND_DAYS = 90;

/** One catalogue skill as the map counts it. */
export interface SkillCount {
  slug: string;
  name: string;
  category: string;
  /** Members who declared it as a skill. */
  holders: number;
  /** Members who want to learn it (an interest). */
  learners: number;
  /** Asks of the last DEMAND_DAYS that named it. */
  asked: number;
  /** Of those, the asks nobody volunteered for. */
  unanswered: number;
}

export interface CategoryCount {
  category: string;
  /** Distinct members holding any skill of the category. */
  holders: number;
  asked: number;
  learners: number;
}

export interface TalentMap {
  /** Members who declared at least one skill. */
  declared: number;
  /** Asks of the last DEMAND_DAYS counted (public ones only). */
  asks: number;
  skills: SkillCount[];
  categories: CategoryCount[];
  /** Skills held by people whose job title doesn't suggest them. */
  hidden: HiddenTalent[];
}

const p = alias(people, 'p');
const ps = alias(personSkills, 'ps');
const cs = alias(catalogueSkills, 'cs');
const a = alias(asks, 'a');
const v = alias(volunteers, 'v');

/** A person row of ps who is a guest, a leaver or a bot: such people never show on the map. */
const notMember = sql`exists (select 1 from ${people} ${p} where ${p.teamId} = ${ps.teamId}
  and ${p.userId} = ${ps.userId} and (${p.isGuest} or ${p.deleted} or ${p.isBot}))`;

/** Asks that count as demand: posted, not deleted, recent, and never from a private channel. */
const counted = (ws: Workspace) => sql`${a.teamId} = ${ws.teamId} and ${a.messageTs} is not null
  and ${a.status} <> 'deleted' and not ${a.isPrivate}
  and ${a.createdAt} > now() - make_interval(days => ${DEMAND_DAYS})`;

/** The workspace's talent map: supply (holders), demand (asks), unmet demand and learners. */
export async function talentMap(db: Db, ws: Workspace): Promise<TalentMap> {
  const [[totals], skills, categories, hidden] = await Promise.all([
    rowsOf<{ declared: number; asks: number }>(
      db,
      sql`select (select count(distinct ${ps.userId}) from ${personSkills} ${ps}
                  where ${ps.teamId} = ${ws.teamId} and ${ps.kind} = 'skill' and not ${notMember})::int as declared,
                 (select count(*) from ${asks} ${a} where ${counted(ws)})::int as asks`,
    ),
    rowsOf<SkillCount>(
      db,
      sql`with held as (
            select ${ps.catalogueSlug} as slug,
                   count(*) filter (where ${ps.kind} = 'skill')::int as holders,
                   count(*) filter (where ${ps.kind} = 'interest')::int as learners
            from ${personSkills} ${ps}
            where ${ps.teamId} = ${ws.teamId} and ${ps.catalogueSlug} is not null and ${ps.mutedAt} is null
              and not ${notMember}
            group by 1),
          wanted as (
            select ${cs.slug} as slug, count(*)::int as asked,
                   count(*) filter (where not exists (select 1 from ${volunteers} ${v}
                                                      where ${v.askId} = ${a.id}))::int as unanswered
            from ${asks} ${a} cross join unnest(${a.skills}) as s(name)
            join ${catalogueSkills} ${cs} on ${cs.name} = s.name
            where ${counted(ws)}
            group by 1)
          select ${cs.slug} as slug, ${cs.name} as name, ${cs.category} as category,
                 coalesce(h.holders, 0) as holders, coalesce(h.learners, 0) as learners,
                 coalesce(w.asked, 0) as asked, coalesce(w.unanswered, 0) as unanswered
          from ${catalogueSkills} ${cs}
          left join held h on h.slug = ${cs.slug}
          left join wanted w on w.slug = ${cs.slug}
          where h.slug is not null or w.slug is not null`,
    ),
    categoryCounts(db, ws),
    hiddenTalents(db, ws),
  ]);
  return { declared: totals?.declared ?? 0, asks: totals?.asks ?? 0, skills, categories, hidden };
}

/** By catalogue category: distinct members holding any of its skills, its asks and its learners. */
async function categoryCounts(db: Db, ws: Workspace): Promise<CategoryCount[]> {
  return rowsOf<CategoryCount>(
    db,
    sql`with held as (
          select ${cs.category} as category,
                 count(distinct ${ps.userId}) filter (where ${ps.kind} = 'skill')::int as holders,
                 count(distinct ${ps.userId}) filter (where ${ps.kind} = 'interest')::int as learners
          from ${personSkills} ${ps} join ${catalogueSkills} ${cs} on ${cs.slug} = ${ps.catalogueSlug}
          where ${ps.teamId} = ${ws.teamId} and ${ps.mutedAt} is null and not ${notMember}
          group by 1),
        wanted as (
          select ${cs.category} as category, count(distinct ${a.id})::int as asked
          from ${asks} ${a} cross join unnest(${a.skills}) as s(name)
          join ${catalogueSkills} ${cs} on ${cs.name} = s.name
          where ${counted(ws)}
          group by 1)
        select coalesce(h.category, w.category) as category, coalesce(h.holders, 0) as holders,
               coalesce(w.asked, 0) as asked, coalesce(h.learners, 0) as learners
        from held h full join wanted w on w.category = h.category
        order by holders + asked desc, category`,
  );
}
