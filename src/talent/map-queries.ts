// Raw SQL: set-based counts over every skill row and ask of a workspace (grouping, unnest, anti-joins),
// one pass over the skill rows, never a query per person. Tables and columns are named through the schema objects.
import { sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { type Db, rowsOf } from '../db/client.js';
import { asks, catalogueSkills, people, personSkills, volunteers } from '../db/schema/index.js';
import type { Workspace } from '../slack/workspace.js';
import { type HiddenTalent, titleCtes } from './hidden-queries.js';

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
  /** Holders whose job title suggests neither it nor its category, and a few of those who allow the spotlight. */
  hidden: number;
  named: string[];
}

export interface CategoryCount {
  category: string;
  /** Holdings of its skills by members (summed over its skills). */
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

/** The workspace's talent map: supply (holders), demand (asks), unmet demand, learners, hidden talents. */
export function talentMap(db: Db, ws: Workspace): Promise<TalentMap> {
  return db.transaction(async (tx) => {
    // A pass over every skill row of a large workspace (a million) outlasts the 5 s meant for request
    // queries on a loaded server; the map is counted at most every few minutes a workspace.
    await tx.execute(sql`set local statement_timeout = '60s'`);
    return countMap(tx, ws);
  });
}

async function countMap(db: Db, ws: Workspace): Promise<TalentMap> {
  const [[totals], skills, asked] = await Promise.all([
    rowsOf<{ declared: number; asks: number }>(
      db,
      // Probing each member's first skill row beats counting distinct people over every row.
      sql`select (select count(*) from ${people} ${p} where ${p.teamId} = ${ws.teamId}
                    and not ${p.isGuest} and not ${p.deleted} and not ${p.isBot}
                    and exists (select 1 from ${personSkills} ${ps} where ${ps.teamId} = ${p.teamId}
                                and ${ps.userId} = ${p.userId} and ${ps.kind} = 'skill'))::int as declared,
                 (select count(*) from ${asks} ${a} where ${counted(ws)})::int as asks`,
    ),
    skillCounts(db, ws),
    rowsOf<{ category: string; asked: number }>(
      db,
      sql`select ${cs.category} as category, count(distinct ${a.id})::int as asked
          from ${asks} ${a} cross join unnest(${a.skills}) as s(name)
          join ${catalogueSkills} ${cs} on ${cs.name} = s.name
          where ${counted(ws)}
          group by 1`,
    ),
  ]);
  return {
    declared: totals?.declared ?? 0,
    asks: totals?.asks ?? 0,
    skills,
    categories: byCategory(skills, asked),
    hidden: [...skills]
      .filter((s) => s.hidden > 0)
      .sort((x, y) => y.hidden - x.hidden || x.name.localeCompare(y.name))
      .slice(0, HIDDEN_SHOWN)
      .map((s) => ({ skill: s.name, category: s.category, people: s.hidden, named: s.named.slice(0, HIDDEN_NAMED) })),
  };
}

const HIDDEN_SHOWN = 3;
const HIDDEN_NAMED = 3;

/**
 * Every catalogue skill held, wanted or asked for, in one pass over the skill rows (the costly part
 * at a million rows): holders, learners and hidden talents together, then the asks that named it.
 */
async function skillCounts(db: Db, ws: Workspace): Promise<SkillCount[]> {
  return rowsOf<SkillCount>(
    db,
    sql`with ${titleCtes(ws)},
        held as (
          select ${ps.catalogueSlug} as slug,
                 count(*) filter (where ${ps.kind} = 'skill')::int as holders,
                 count(*) filter (where ${ps.kind} = 'interest')::int as learners,
                 count(*) filter (where ${ps.kind} = 'skill' and ti.tid is not null and sg.tid is null)::int as hidden,
                 (array_agg(${ps.userId}) filter (where ${ps.kind} = 'skill' and ti.spotlight and sg.tid is null))
                   [1:${HIDDEN_NAMED}] as named
          from ${personSkills} ${ps}
          left join titled ti on ti.user_id = ${ps.userId}
          left join suggested sg on sg.tid = ti.tid and sg.slug = ${ps.catalogueSlug}
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
               coalesce(w.asked, 0) as asked, coalesce(w.unanswered, 0) as unanswered,
               coalesce(h.hidden, 0) as hidden, coalesce(h.named, '{}') as named
        from ${catalogueSkills} ${cs}
        left join held h on h.slug = ${cs.slug}
        left join wanted w on w.slug = ${cs.slug}
        where h.slug is not null or w.slug is not null`,
  );
}

/**
 * The roll-up by category, from the skills' counts: holders and learners are summed over its skills
 * (someone holding two of its skills counts twice; counting distinct people took another pass over
 * every row), asks are counted once however many of its skills they name.
 */
function byCategory(skills: SkillCount[], asked: Array<{ category: string; asked: number }>): CategoryCount[] {
  const all = new Map<string, CategoryCount>();
  const of = (category: string) => {
    const c = all.get(category) ?? { category, holders: 0, asked: 0, learners: 0 };
    all.set(category, c);
    return c;
  };
  for (const s of skills) {
    const c = of(s.category);
    c.holders += s.holders;
    c.learners += s.learners;
  }
  for (const a of asked) of(a.category).asked = a.asked;
  return [...all.values()]
    .filter((c) => c.holders + c.asked + c.learners > 0)
    .sort((x, y) => y.holders + y.asked - (x.holders + x.asked) || x.category.localeCompare(y.category));
}
