// Raw SQL: trigram similarity (`%`), stem-array containment and a ranking over CTEs that the query builder
// cannot say, in a shape tuned for its plan (bench/RESULTS.md, "Matching"). Every table and column is named
// through the schema objects, so renaming one in the schema fails the type-check here.

import { type SQL, sql } from 'drizzle-orm';
import { type AnyPgColumn, alias, PgTransaction } from 'drizzle-orm/pg-core';
import { sqlArray } from '../db/arrays.js';
import { type Db, rowsOf } from '../db/client.js';
import { catalogueSkills, catalogueTerms, credits, people, personSkills } from '../db/schema/index.js';
import type { Workspace } from '../slack/workspace.js';
import { EVERYDAY_WORDS } from './everyday-words.js';
import { GENERIC_WORDS } from './generic-words.js';
import { HELPED_BEFORE, helpedBefore } from './helped-before.js';
import { matchFromIndex } from './indexed-matching.js';
import { creditsFor, heldScore, mayBeShown } from './match-fragments.js';
import type { TeamIndex } from './match-index.js';
import { matchIndex } from './match-index-store.js';
import { searchFor } from './match-search.js';
import type { Kind } from './queries.js';

export interface Match {
  userId: string;
  /** The held skill or interest that matched best, as the person has it. */
  skill: string;
  kind: Kind;
  score: number;
  /** How many people they helped with the skills asked for (their credits); 0 when hidden or none. */
  helped: number;
  /** Picked for another reason than their skills: 'similar_ask', credited on an earlier ask like it. */
  reason?: 'similar_ask';
  /** The workspace they were found in: another of the org's when matching across it (Enterprise Grid). */
  teamId?: string;
}

export interface MatchQuery {
  text: string;
  /** Catalogue skills asked for explicitly (the ask form's picker): they match at full strength. */
  slugs?: string[];
  exclude?: string[];
  limit: number;
  /** Only these kinds: the escalation ladder tells skilled people, then learners. Both when unset. */
  kinds?: Kind[];
  /**
   * For a notice: leaves out the snoozed, and anyone told of `perWeek` asks in the last 7 days. Its
   * total is not counted: partial free-text matches are scored only when stronger ones leave places.
   */
  notice?: { perWeek: number };
  /** Enterprise Grid: the org's workspaces to match across, the ask's own first; unset, its own alone. */
  teams?: string[];
}

/**
 * A score rarely reached by someone matched only by partial free-text names: one such name scores at
 * most 0.51, each further one adds 0.05 and each credit for a skill asked for 0.04 (at most five).
 * When the best found without those names all score this or more, they are the best.
 */
const ABOVE_PARTIAL = 0.72;

/**
 * The best are first picked by a bounded sort of this many more than the places (a top-N heap, not
 * a sort of every match), for the guests, snoozed and capped among them to make way.
 */
const SPARE = 20;

/**
 * People whose skills or interests match the text, best first. A skill's words all found in the
 * text (English stems, so "blogging" finds "blog") or an exact name or alias match scores highest;
 * for short queries a skill containing every query word scores next; near spellings count for
 * less; a skill outranks an interest. Deleted people, bots and guests never match.
 */
export async function matchPeople(
  db: Db,
  ws: Workspace,
  query: MatchQuery,
): Promise<{ matches: Match[]; total: number }> {
  // One workspace's matches are ranked from its in-memory index when it has one ready (match-index.ts).
  // A transaction that changed skills itself ranks in SQL: its changes are not committed for the index.
  const index = (query.teams?.length ?? 0) > 1 ? undefined : await matchIndex(db, ws.teamId);
  return matchWith(db, ws, query, index);
}

/** matchPeople ranking in SQL alone, as it does across an org: the index's results are held to these. */
export function matchPeopleInSql(
  db: Db,
  ws: Workspace,
  query: MatchQuery,
): Promise<{ matches: Match[]; total: number }> {
  return matchWith(db, ws, query, undefined);
}

async function matchWith(
  db: Db,
  ws: Workspace,
  query: MatchQuery,
  index: TeamIndex | undefined,
): Promise<{ matches: Match[]; total: number }> {
  const exec = (strongOnly: boolean, bound?: number) =>
    withMatchThreshold(db, (tx) => rowsOf<Match & { total: number }>(tx, matchStatement(ws, query, strongOnly, bound)));
  const run = async (strongOnly: boolean) => {
    if (index) return matchFromIndex(db, ws, query, index, strongOnly, SPARE);
    const bound = query.limit + SPARE;
    const rows = await exec(strongOnly, bound);
    // more than the spare were guests, snoozed or at their cap: rank everyone
    return rows.length < query.limit && (rows[0]?.total ?? bound + 1) > bound ? exec(strongOnly) : rows;
  };
  // A notice never shows the total, so the partial free-text names (thousands of holders on a wide
  // ask) are scored only if the stronger matches leave places or rank low enough for them to matter.
  const strong = query.notice ? await run(true) : [];
  const rows =
    strong.length >= query.limit && Number(strong[strong.length - 1]!.score) >= ABOVE_PARTIAL
      ? strong
      : await run(false);
  return {
    matches: rows.map((r) => ({
      userId: r.userId,
      skill: r.skill,
      kind: r.kind,
      score: Number(r.score),
      helped: Number(r.helped),
      teamId: r.teamId,
      ...(r.skill === HELPED_BEFORE ? { skill: 'a similar ask', reason: 'similar_ask' as const } : {}),
    })),
    total: rows[0]?.total ?? 0,
  };
}

/**
 * Runs fn in a transaction where `%` means a trigram similarity of at least 0.5, as matching wants;
 * with `generic`, prepared statements are planned once (see preparedRowsOf). Inside a caller's
 * transaction (a savepoint, whose SET LOCAL outlives it), the caller's settings are put back after.
 */
export function withMatchThreshold<T>(db: Db, fn: (tx: Db) => Promise<T>, generic = false): Promise<T> {
  return db.transaction(async (tx) => {
    // At pg_trgm's default of 0.3 the trigram indexes hand over many near misses, each then
    // read and rechecked; at 0.5 the indexes discard them.
    const [was] = await rowsOf<{ threshold: string | null; plans: string }>(
      tx,
      sql`with was as materialized (
            select current_setting('pg_trgm.similarity_threshold', true) as threshold,
                   current_setting('plan_cache_mode') as plans
          )
          select was.*, set_config('pg_trgm.similarity_threshold', '0.5', true),
                 set_config('plan_cache_mode', ${generic ? 'force_generic_plan' : 'auto'}, true)
          from was`,
    );
    const result = await fn(tx);
    if (db instanceof PgTransaction)
      await tx.execute(
        sql`select set_config('pg_trgm.similarity_threshold', ${was!.threshold || '0.3'}, true),
                   set_config('plan_cache_mode', ${was!.plans}, true)`,
      );
    return result;
  });
}

/** The statement behind matchPeople (the benchmark EXPLAINs it); run it through withMatchThreshold. */
export function matchStatement(ws: Workspace, query: MatchQuery, strongOnly = false, bound?: number): SQL {
  const { ctes, distinctive, inScope, cross } = searchFor(ws, query, strongOnly);
  // The statement's aliases. Its CTEs carry person_skills columns on under the same names, so
  // aliases of that table name the CTEs' columns too.
  const ps = alias(personSkills, 'ps');
  const termHits = alias(catalogueTerms, 'term_hits');
  const h = alias(catalogueTerms, 'h');
  const freeHits = alias(personSkills, 'free_hits');
  const m = alias(personSkills, 'm');
  const ranked = alias(personSkills, 'ranked');
  const perPerson = alias(personSkills, 'per_person');
  const p = alias(personSkills, 'p');
  const r = alias(personSkills, 'r');
  const o = alias(personSkills, 'o');
  // creditsFor's alias of the credits, for a condition added to it
  const c = alias(credits, 'c');
  const boosted = alias(personSkills, 'boosted');
  // Across an org's workspaces (Grid), every lookup by workspace takes the org's list; each person
  // keeps the workspace they were found in, their own first, to be told there.
  const carry = (col: AnyPgColumn) => (cross ? sql`, ${col}` : sql``);
  const kinds = query.kinds ? sql`and ${m.kind}::text = any(${sqlArray(query.kinds)})` : sql``;
  return sql`
    with ${ctes},
    free_hits as (
      select ${ps.userId}${carry(ps.teamId)}, ${ps.kind}, ${ps.name}, free_names.score
      from free_names join ${personSkills} ${ps}
        on ${ps.teamId} = free_names.team_id and ${ps.norm} = free_names.norm
       and ${ps.catalogueSlug} is null and ${ps.mutedAt} is null
    ),
    matched as (
      select ${ps.userId}${carry(ps.teamId)}, ${ps.kind}, ${ps.name}, h.score
      from (
        select ${termHits.slug}, max(score) as score from term_hits group by ${termHits.slug}
      ) ${h}
      join ${personSkills} ${ps}
        on ${inScope(ps.teamId)} and ${ps.catalogueSlug} = ${h.slug} and ${ps.mutedAt} is null
      union all
      select ${freeHits.userId}${carry(freeHits.teamId)}, ${freeHits.kind}, ${freeHits.name}, score from free_hits
      union all
      -- help given before, for the skills found by a name or signal (not a near spelling)
      ${helpedBefore({
        inScope,
        carry,
        slugs: sql`array(select ${termHits.slug} from term_hits where score >= 0.7)`,
        distinctive,
      })}
    ),
    ranked as (
      select ${m.userId}${carry(m.teamId)}, ${m.name}, ${m.kind},
             ${heldScore(sql`m.score`, m.kind)} as s
      from matched ${m}
      -- a hashed set of the few leavers and bots, not a lookup per matched row
      where ${m.userId} not in (
          select ${people.userId} from ${people}
          where ${inScope(people.teamId)} and (${people.deleted} or ${people.isBot})
        )
        and ${m.userId} <> all(${sqlArray(query.exclude ?? [])}) ${kinds}
    ),
    -- scores and the total by hashing, then the best skill of only the people shown
    per_person as (
      select ${ranked.userId}, max(s) + 0.05 * (count(*) - 1) as score, ${
        cross
          ? sql`case when bool_or(${ranked.teamId} = ${ws.teamId}) then ${ws.teamId} else min(${ranked.teamId}) end`
          : sql`${ws.teamId}::text`
      } as team_id
      from ranked group by ${ranked.userId}
    ),
    -- Help that counts: people credited for a skill asked for (credits carry the ask's catalogue
    -- skills) rank above an equal match. A person who hid their history is never ranked by it.
    helped as (${creditsFor(
      inScope,
      sql`array(select ${termHits.slug} from term_hits)`,
      sql`and ${c.userId} in (select ${perPerson.userId} from per_person)`,
    )}),
    boosted as (
      select ${perPerson.userId}, ${perPerson.teamId}, score + 0.04 * least(coalesce(n, 0), 5) as score,
             coalesce(n, 0) as helped
      from per_person left join helped on helped.user_id = ${perPerson.userId}
    ),
    -- Guests never match. No index finds a team's guests (people_unmatchable_idx is leavers and bots
    -- only), so rather than read all its people, the best-scored are looked up one by one by
    -- primary key until enough are not guests: "offset 0" (or the bound, a top-N sort) keeps that
    -- lookup a per-row check instead of an anti-join over every person. The total may still count a
    -- matching guest.
    shown as (
      select ${o.userId}, ${o.teamId}, score, helped from (
        select ${boosted.userId}, ${boosted.teamId}, score, helped
        from boosted order by score desc, ${boosted.userId} ${bound ? sql`limit ${bound}` : sql`offset 0`}
      ) ${o}
      where ${mayBeShown(inScope, o.userId, query)}
      order by score desc, ${o.userId}
      limit ${query.limit}
    )
    select distinct on (p.score, ${p.userId})
           ${p.userId} as "userId", ${p.teamId} as "teamId", ${r.name} as skill, ${r.kind}::text as kind,
           p.score::float8 as score,
           p.helped, (select count(*) from per_person)::int as total
    from shown ${p} join ranked ${r} on ${r.userId} = ${p.userId}
    order by p.score desc, ${p.userId}, r.s desc, ${r.name}`;
}

/**
 * Names of the catalogue skills the text asks for (shown on the ask), best first. A skill found only
 * by a weak hit (a term whose one telling word is an everyday one, EVERYDAY_WORDS) is left out; with
 * `held`, only those are returned (the skills held for the asker's OK). Picked slugs are never held.
 */
export async function skillsInText(db: Db, text: string, slugs: string[] = [], held = false): Promise<string[]> {
  const s = alias(catalogueSkills, 's');
  const t = alias(catalogueTerms, 't');
  const picked = sql`${s.slug} = any(${sqlArray(slugs)})`;
  const cfg = sql`(case when ${t.stemmed} then 'english' else 'simple' end)::regconfig`;
  const rows = await rowsOf<{ name: string }>(
    db,
    sql`
    with q as (select tsvector_to_array(to_tsvector('english', ${text})) as lex,
                      tsvector_to_array(to_tsvector('simple', ${text})) as plain,
                      tsvector_to_array(to_tsvector('english', ${GENERIC_WORDS})) as generic,
                      tsvector_to_array(to_tsvector('english', ${EVERYDAY_WORDS})) as everyday),
    hits as (
      select ${t.slug} as slug, array(select unnest(${t.lexemes}) except select unnest(q.generic)) as telling,
             q.everyday,
             cardinality(${t.lexemes}) > 1
               and to_tsvector(${cfg}, ${text}) @@ phraseto_tsquery(${cfg}, ${t.term}) as phrase
      from ${catalogueTerms} ${t} cross join q
      where cardinality(${t.lexemes}) > 0
        and ${t.lexemes} <@ (case when ${t.stemmed} then q.lex else q.plain end)
    ),
    -- weak: at most one telling word, an everyday one, and not a phrase of several words as written
    found as (
      select slug, bool_and(cardinality(telling) <= 1 and telling <@ everyday and not phrase) as weak
      from hits group by slug
    )
    select ${s.name} as name from ${catalogueSkills} ${s}
    where ${
      held
        ? sql`not ${picked} and ${s.slug} in (select slug from found where weak)`
        : sql`${picked} or ${s.slug} in (select slug from found where not weak)`
    }
    order by ${s.name} limit 10`,
  );
  return rows.map((r) => r.name);
}
