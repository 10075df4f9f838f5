// Raw SQL fragments the matching statement (matching.ts) and the match index's statements
// (match-inputs.ts) share, so the two rankings cannot drift apart. Columns named through the schema.

import { type SQL, sql } from 'drizzle-orm';
import { type AnyPgColumn, alias } from 'drizzle-orm/pg-core';
import { askMatches, credits, people } from '../db/schema/index.js';
import type { MatchQuery } from './matching.js';

/** What an interest counts for, against the same skill held (match-rank.ts uses it too). */
export const INTEREST_WEIGHT = 0.6;

/** A held row's score from its key's score: an interest's at INTEREST_WEIGHT (a numeric literal, as ever). */
export const heldScore = (score: SQL, kind: AnyPgColumn) =>
  sql`${score} * (case ${kind} when 'skill' then 1.0 else ${sql.raw(String(INTEREST_WEIGHT))} end)`;

/**
 * Who may be shown, looked up by key for each person about to be: never a guest; for a notice, nobody
 * snoozed or told of `perWeek` asks in the last 7 days.
 */
export function mayBeShown(inScope: (col: AnyPgColumn) => SQL, userId: SQL | AnyPgColumn, query: MatchQuery): SQL {
  const g = alias(people, 'g');
  const am = alias(askMatches, 'am');
  const snoozed = query.notice ? sql`or ${g.snoozedUntil} > now()` : sql``;
  const capped = query.notice
    ? sql`and (
        select count(*) from ${askMatches} ${am}
        where ${inScope(am.teamId)} and ${am.userId} = ${userId} and ${am.notifiedAt} > now() - interval '7 days'
      ) < ${query.notice.perWeek}`
    : sql``;
  // "offset 0" keeps the lookup a per-row check instead of an anti-join over every person
  return sql`not exists (
        select 1 from ${people} ${g}
        where ${inScope(g.teamId)} and ${g.userId} = ${userId} and (${g.isGuest} ${snoozed}) offset 0
      ) ${capped}`;
}

/**
 * Help that counts: each person's credits on asks that wanted one of `slugs` (credits carry the ask's
 * catalogue skills), as (user_id, n); never for someone who hid their history. `also` narrows it.
 */
export function creditsFor(inScope: (col: AnyPgColumn) => SQL, slugs: SQL, also: SQL = sql``): SQL {
  const c = alias(credits, 'c');
  const g = alias(people, 'g');
  return sql`select ${c.userId} as user_id, count(*)::int as n from ${credits} ${c}
      where ${inScope(c.teamId)} and ${c.skills} && ${slugs} ${also}
        and not exists (
          select 1 from ${people} ${g}
          where ${inScope(g.teamId)} and ${g.userId} = ${c.userId} and ${g.historyHidden}
        )
      group by ${c.userId}`;
}
