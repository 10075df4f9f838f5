// Raw SQL: the search of ./match-search.ts and array unnesting, which the query builder cannot say. Every
// table and column is named through the schema objects.

import { type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '../db/client.js';
import { preparedRowsOf } from '../db/prepared.js';
import { catalogueTerms, personSkills } from '../db/schema/index.js';
import type { Workspace } from '../slack/workspace.js';
import { helpedBefore } from './helped-before.js';
import { creditsFor, heldScore, mayBeShown } from './match-fragments.js';
import type { Key } from './match-index.js';
import { searchFor } from './match-search.js';
import type { MatchQuery } from './matching.js';
import type { Kind } from './queries.js';

export interface Inputs {
  /** What the text finds, with the score a holder gets: catalogue skills and free-text names. */
  keys: Array<[Key, number]>;
  /** People credited on earlier asks like it, with their score (helped-before.ts). */
  before: Array<[string, number]>;
  /** People credited for a skill asked for, with how often: they rank above an equal match. */
  helped: Array<[string, number]>;
}

/** What a text asks for and who helped with it before: the match index ranks people from these. */
export async function matchInputs(db: Db, ws: Workspace, query: MatchQuery, strongOnly: boolean): Promise<Inputs> {
  const [row] = await preparedRowsOf<Inputs>(db, inputsStatement(ws, query, strongOnly));
  return row!;
}

/** The statement behind matchInputs. */
function inputsStatement(ws: Workspace, query: MatchQuery, strongOnly: boolean): SQL {
  const { ctes, distinctive, inScope } = searchFor(ws, query, strongOnly);
  const termHits = alias(catalogueTerms, 'term_hits');
  const none = sql`'[]'::json`;
  return sql`with ${ctes},
    before (user_id, kind, name, score) as (${helpedBefore({
      inScope,
      carry: () => sql``,
      slugs: sql`array(select ${termHits.slug} from term_hits where score >= 0.7)`,
      distinctive,
    })}),
    helped as (${creditsFor(inScope, sql`array(select ${termHits.slug} from term_hits)`)})
    select
      (select coalesce(json_agg(json_build_array(k, s)), ${none}) from (
         select 'c:' || ${termHits.slug} as k, max(score)::float8 as s from term_hits group by ${termHits.slug}
         union all
         select 'f:' || norm, score::float8 from free_names
       ) hits) as keys,
      (select coalesce(json_agg(json_build_array(user_id, score::float8)), ${none}) from before) as before,
      (select coalesce(json_agg(json_build_array(user_id, n)), ${none}) from helped) as helped`;
}

export interface Picked {
  userId: string;
  /** Their held skill that matched best, as they have it ('' for help given before). */
  skill: string;
  kind: Kind;
}

/**
 * Of the candidates (best first), those who may be shown: never guests; for a notice, nobody
 * snoozed or told of `perWeek` asks this week. Each with the skill they matched best by, as the
 * matching statement picks it (highest score, then name).
 */
export async function pickShown(
  db: Db,
  ws: Workspace,
  query: MatchQuery,
  candidates: string[],
  inputs: Inputs,
): Promise<Picked[]> {
  const ps = alias(personSkills, 'ps');
  const kinds = query.kinds
    ? sql`and ${ps.kind}::text in (select json_array_elements_text(${JSON.stringify(query.kinds)}::json))`
    : sql``;
  const beforeKinds = !query.kinds || query.kinds.includes('skill') ? sql`` : sql`and false`;
  const shownBefore = inputs.before.filter(([u]) => candidates.includes(u));
  return preparedRowsOf<Picked>(
    db,
    sql`with c as (
      select * from json_array_elements_text(${JSON.stringify(candidates)}::json) with ordinality as c(user_id, i)
    ),
    shown as (
      select c.user_id, c.i from c
      where ${mayBeShown((col) => sql`${col} = ${ws.teamId}`, sql`c.user_id`, query)}
    ),
    hits as (
      select h->>0 as key, (h->>1)::float8 as score from json_array_elements(${JSON.stringify(inputs.keys)}::json) h
    ),
    held as (
      select ${ps.userId} as user_id, ${ps.name} as name, ${ps.kind}::text as kind,
             ${heldScore(sql`h.score`, ps.kind)} as s
      from ${personSkills} ${ps}
      join hits h on h.key = coalesce('c:' || ${ps.catalogueSlug}, 'f:' || ${ps.norm})
      where ${ps.teamId} = ${ws.teamId} and ${ps.userId} in (select user_id from shown)
        and ${ps.mutedAt} is null ${kinds}
      union all
      select b->>0, '', 'skill', (b->>1)::float8
      from json_array_elements(${JSON.stringify(shownBefore)}::json) b
      where b->>0 in (select user_id from shown) ${beforeKinds}
    )
    select distinct on (shown.i) shown.user_id as "userId", held.name as skill, held.kind
    from shown join held on held.user_id = shown.user_id
    order by shown.i, held.s desc, held.name`,
  );
}
