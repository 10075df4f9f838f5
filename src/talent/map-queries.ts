// Raw SQL: set-based counts over the asks of a workspace (grouping, unnest, anti-joins) and a probe of
// the people who declared skills, never a query per person. Tables and columns are named through the schema objects.
import { sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { type Db, rowsOf } from '../db/client.js';
import { asks, catalogueSkills, people, personSkills, volunteers } from '../db/schema/index.js';
import type { Workspace } from '../slack/workspace.js';
import { type HiddenTalent, namedHidden } from './hidden-queries.js';
import { type Supply, supplyCounts } from './supply-queries.js';

/** How far back the map counts asks. */
export const DEMAND_DAYS = 90;

/** One catalogue skill as the map counts it. */
export interface SkillCount extends Supply {
  name: string;
  category: string;
  /** Asks of the last DEMAND_DAYS that named it. */
  asked: number;
  /** Of those, the asks nobody volunteered for. */
  unanswered: number;
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

/** Asks that count as demand: posted, not deleted, recent, and never from a private channel. */
const counted = (ws: Workspace) => sql`${a.teamId} = ${ws.teamId} and ${a.messageTs} is not null
  and ${a.status} <> 'deleted' and not ${a.isPrivate}
  and ${a.createdAt} > now() - make_interval(days => ${DEMAND_DAYS})`;

const HIDDEN_SHOWN = 3;
const HIDDEN_NAMED = 3;

/**
 * The workspace's talent map: supply (holders), demand (asks), unmet demand, learners, hidden talents.
 * Its two costly statements, the skill pass and the count of people who declared skills, each read
 * every skill row once: they run side by side on two connections (PGlite takes them in turn).
 */
export async function talentMap(db: Db, ws: Workspace): Promise<TalentMap> {
  const [supply, [totals, wanted, catalogue]] = await Promise.all([
    counting(db, (tx) => supplyCounts(tx, ws)),
    counting(db, (tx) =>
      Promise.all([
        mapTotals(tx, ws),
        demandCounts(tx, ws),
        rowsOf<{ slug: string; name: string; category: string }>(
          tx,
          sql`select ${cs.slug} as slug, ${cs.name} as name, ${cs.category} as category from ${catalogueSkills} ${cs}`,
        ),
      ]),
    ),
  ]);
  const bySlug = new Map(supply.map((s) => [s.slug, s]));
  const demand = new Map(wanted.map((w) => [w.slug, w]));
  const skills: SkillCount[] = catalogue
    .filter((c) => bySlug.has(c.slug) || demand.has(c.slug))
    .map((c) => ({
      ...c,
      holders: 0,
      learners: 0,
      hidden: 0,
      ...bySlug.get(c.slug),
      asked: demand.get(c.slug)?.asked ?? 0,
      unanswered: demand.get(c.slug)?.unanswered ?? 0,
    }));
  const shown = [...skills]
    .filter((s) => s.hidden > 0)
    .sort((x, y) => y.hidden - x.hidden || x.name.localeCompare(y.name))
    .slice(0, HIDDEN_SHOWN);
  const named = await namedHidden(
    db,
    ws,
    shown.map((s) => s.slug),
    HIDDEN_NAMED,
  );
  return {
    declared: totals.declared,
    asks: totals.asks,
    skills,
    categories: byCategory(skills, totals.byCategory),
    hidden: shown.map((s) => ({
      skill: s.name,
      category: s.category,
      people: s.hidden,
      named: named.get(s.slug) ?? [],
    })),
  };
}

/**
 * A transaction for a statement that reads every skill row (a million in a large workspace): compiling
 * it (JIT) costs more than it saves, its hashes must not spill to disk, and on a loaded server it may
 * outlast the 5 s meant for request queries.
 */
function counting<T>(db: Db, work: (tx: Db) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`set local jit = off`);
    await tx.execute(sql`set local work_mem = '32MB'`);
    await tx.execute(sql`set local statement_timeout = '30s'`);
    return work(tx);
  });
}

/** Members who declared a skill, the asks counted, and the asks by category (once, however many of its skills). */
async function mapTotals(db: Db, ws: Workspace) {
  const [totals] = await rowsOf<{ declared: number; asks: number }>(
    db,
    sql`select (select count(*) from ${people} ${p} where ${p.teamId} = ${ws.teamId}
                  and not ${p.isGuest} and not ${p.deleted} and not ${p.isBot}
                  and exists (select 1 from ${personSkills} ${ps} where ${ps.teamId} = ${p.teamId}
                              and ${ps.userId} = ${p.userId} and ${ps.kind} = 'skill'))::int as declared,
               (select count(*) from ${asks} ${a} where ${counted(ws)})::int as asks`,
  );
  const byCategory = await rowsOf<{ category: string; asked: number }>(
    db,
    sql`select ${cs.category} as category, count(distinct ${a.id})::int as asked
        from ${asks} ${a} cross join unnest(${a.skills}) as s(name)
        join ${catalogueSkills} ${cs} on ${cs.name} = s.name
        where ${counted(ws)}
        group by 1`,
  );
  return { declared: totals?.declared ?? 0, asks: totals?.asks ?? 0, byCategory };
}

/** The asks of the last DEMAND_DAYS naming each catalogue skill, and those nobody volunteered for. */
function demandCounts(db: Db, ws: Workspace) {
  return rowsOf<{ slug: string; asked: number; unanswered: number }>(
    db,
    sql`select ${cs.slug} as slug, count(*)::int as asked,
               count(*) filter (where not exists (select 1 from ${volunteers} ${v}
                                                  where ${v.askId} = ${a.id}))::int as unanswered
        from ${asks} ${a} cross join unnest(${a.skills}) as s(name)
        join ${catalogueSkills} ${cs} on ${cs.name} = s.name
        where ${counted(ws)}
        group by 1`,
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
