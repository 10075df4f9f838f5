// Raw SQL: a full-text rank over an OR of the ask's stems, unioned with a skills overlap, which the
// query builder cannot say. Tables and columns are named through the schema objects.

import { sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { sqlArray } from '../db/arrays.js';
import { type Db, rowsOf } from '../db/client.js';
import { asks, credits, people, replies } from '../db/schema/index.js';
import type { Match } from '../skills/matching.js';
import type { Ask } from './queries.js';

/** An earlier ask like this one, and who its asker credited with helping (those who allow it shown). */
export interface SimilarAsk {
  id: string;
  text: string;
  permalink: string | null;
  status: string;
  createdAt: Date;
  replies: number;
  credited: string[];
}

/** Asks shown under a new one, and how far back they are looked for. */
export const SIMILAR_MAX = 3;
const MONTHS = 12;
/** Credited people ranked into a new ask's matches score just under a full skill match. */
const SIMILAR_SCORE = 0.95;
/** A shared catalogue skill counts for more than any one shared word. */
const SKILL_WEIGHT = 0.2;

/**
 * Words in almost every ask ("who can help?", "we need…"): left out of the search, or every ask
 * would look like every other. Stemmed by PostgreSQL the same way as the asks' text.
 */
const COMMON =
  'help helping need needed want wanted anyone anybody someone somebody know knows looking like would could ' +
  'get please thanks thank ask asking question team hi hello advice';

/**
 * Up to three earlier asks of the workspace like this one: public channels of the organisation's
 * own only (never a private channel's, never one shared with another organisation), resolved or
 * answered in their thread, from the last 12 months, best first by full-text rank of their text
 * against this ask's stems plus the catalogue skills they share. A guest asking sees only asks of
 * the channel they asked in, which they can read anyway. An ask in a shared channel gets none:
 * the other organisation would read our asks and who helped with them.
 */
export async function similarAsks(db: Db, ask: Ask): Promise<SimilarAsk[]> {
  if (ask.externallyShared) return [];
  const e = alias(asks, 'e');
  const r = alias(replies, 'r');
  const c = alias(credits, 'c');
  const p = alias(people, 'p');
  const skills = sqlArray(ask.skills);
  // The same expression as the asks_text_search_idx index, so the search can use it.
  const vector = sql`to_tsvector('english', ${e.text})`;
  const recent = sql`${e.teamId} = ${ask.teamId} and ${e.createdAt} > now() - make_interval(months => ${MONTHS}::int)`;
  const rows = await rowsOf<SimilarAsk & { rank: number }>(
    db,
    sql`with q as (
          -- this ask's stems, less the common ones, OR-ed (quoted, so no stem is read as an operator)
          select to_tsquery('simple', string_agg(
                   '''' || replace(replace(l, '\\', '\\\\'), '''', '''''') || '''', ' | ')) as query
          from unnest(tsvector_to_array(to_tsvector('english',
            ${[ask.text, ask.details].filter(Boolean).join('\n')}))) l
          where l <> all(tsvector_to_array(to_tsvector('english', ${COMMON})))
        ),
        candidates as (
          select ${e.id} as id from ${asks} ${e}, q where ${recent} and ${vector} @@ q.query
          union
          select ${e.id} from ${asks} ${e} where ${recent} and ${e.skills} && ${skills}
        )
        select ${e.id} as id, ${e.text} as text, ${e.permalink} as permalink, ${e.status}::text as status,
               ${e.createdAt} as "createdAt",
               (select count(*) from ${replies} ${r} where ${r.askId} = ${e.id})::int as replies,
               array(
                 select ${c.userId} from ${credits} ${c}
                 where ${c.teamId} = ${ask.teamId} and ${c.askId} = ${e.id}
                   -- people who hid their helping history are named nowhere
                   and not exists (
                     select 1 from ${people} ${p}
                     where ${p.teamId} = ${c.teamId} and ${p.userId} = ${c.userId}
                       and (${p.historyHidden} or ${p.deleted})
                   )
                 order by ${c.createdAt}, ${c.userId}
               ) as credited,
               coalesce(ts_rank(${vector}, q.query), 0)
                 + ${SKILL_WEIGHT}::float8 * cardinality(array(
                     select unnest(${e.skills}) intersect select unnest(${skills})
                   )) as rank
        from candidates k join ${asks} ${e} on ${e.id} = k.id, q
        where ${e.teamId} = ${ask.teamId} and ${e.id} <> ${ask.id} and ${e.messageTs} is not null
          and ${e.status} in ('open', 'resolved', 'expired')
          and not ${e.isPrivate} and not ${e.externallyShared}
          and (${e.status} = 'resolved' or exists (select 1 from ${replies} ${r} where ${r.askId} = ${e.id}))
          and (${e.channelId} = ${ask.channelId} or not exists (
            select 1 from ${people} ${p}
            where ${p.teamId} = ${ask.teamId} and ${p.userId} = ${ask.askerId} and ${p.isGuest}
          ))
        order by rank desc, ${e.createdAt} desc
        limit ${SIMILAR_MAX}`,
  );
  return rows.map(({ rank: _, ...s }) => ({ ...s, createdAt: new Date(s.createdAt) }));
}

/**
 * The people credited on the similar asks, as candidates for this ask's matches ("helped with a
 * similar ask"): never the asker, nor anyone who left, is a bot or a guest, or is snoozed.
 */
export async function creditedMatches(db: Db, ask: Ask, similar: SimilarAsk[]): Promise<Match[]> {
  const ids = [...new Set(similar.flatMap((s) => s.credited))].filter((id) => id !== ask.askerId);
  if (ids.length === 0) return [];
  const rows = await rowsOf<{ userId: string }>(
    db,
    sql`select u as "userId" from unnest(${sqlArray(ids)}) u
        where not exists (
          select 1 from ${people}
          where ${people.teamId} = ${ask.teamId} and ${people.userId} = u
            and (${people.deleted} or ${people.isBot} or ${people.isGuest} or ${people.snoozedUntil} > now())
        )`,
  );
  const kept = new Set(rows.map((r) => r.userId));
  // Credited on more of the similar asks ranks higher.
  const times = (id: string) => similar.filter((s) => s.credited.includes(id)).length;
  return ids
    .filter((id) => kept.has(id))
    .map((userId) => ({
      userId,
      skill: 'a similar ask',
      kind: 'skill' as const,
      score: SIMILAR_SCORE + 0.01 * times(userId),
      helped: 0,
      reason: 'similar_ask' as const,
    }));
}

/**
 * The skill matches with the people credited on similar asks ranked in, best first, at most
 * `limit`; someone both is told once, for their skill. `exclude`: the asker and anyone told before.
 */
export function withSimilar(matches: Match[], similar: Match[] = [], exclude: string[], limit: number): Match[] {
  const known = new Set([...exclude, ...matches.map((m) => m.userId)]);
  const added = similar.filter((s) => !known.has(s.userId)).map((s) => ({ ...s, reason: 'similar_ask' as const }));
  if (added.length === 0) return matches;
  return [...matches, ...added].sort((a, b) => b.score - a.score).slice(0, limit);
}
