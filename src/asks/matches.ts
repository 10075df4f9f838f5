import { and, eq, inArray, isNull, notInArray, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { sqlArray } from '../db/arrays.js';
import type { Db } from '../db/client.js';
import { askMatches } from '../db/schema/index.js';
import type { Env } from '../env.js';
import { type MessageArgs, type Notice, owe } from '../runtime/outbox-queries.js';
import { matchingScope } from '../settings/org.js';
import { catalogueFor } from '../skills/catalogue.js';
import { type Match, matchPeople, skillsInText } from '../skills/matching.js';
import { normaliseSkill } from '../skills/normalise.js';
import { TOLD_AT_ONCE } from '../skills/notice-text.js';
import type { Kind } from '../skills/queries.js';
import { slugsOf } from './held-slugs.js';
import { matchDmMessage, matchThreadMessage } from './notice-blocks.js';
import type { Ask } from './queries.js';
import { withSimilar } from './similar.js';

/** Why a round of matches is told beyond their skill (ask_matches.reason). */
export type MatchReason = 'escalation' | 'interest' | 'declined';

/** One round of telling people: the broadcast's, a step of the escalation ladder, a replacement. */
export interface MatchRound {
  /** How many to tell; MATCH_NOTIFY_LIMIT when unset. */
  limit?: number;
  /** People credited on similar earlier asks ("asked before"), ranked in with the skill matches. */
  similar?: Match[];
  kinds?: Kind[];
  reason?: MatchReason;
}

/**
 * Records the matches and claims the ones nobody has told yet, so a retry tells no one twice, and
 * none past their weekly cap.
 */
async function claimMatches(db: Db, env: Env, ask: Ask, matches: Match[], reason?: MatchReason): Promise<Match[]> {
  if (matches.length === 0) return [];
  const userIds = matches.map((m) => m.userId);
  const am = alias(askMatches, 'am');
  return db.transaction(async (tx) => {
    // Two asks telling the same person at once must each count the other's notice against the
    // weekly cap: each person is locked until commit, in one order so two claims never deadlock.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(k, 0))
      from (select ${ask.teamId} || ':' || u as k from unnest(${sqlArray(userIds)}) u order by 1) locks`);
    await tx
      .insert(askMatches)
      .values(
        matches.map((m) => ({
          askId: ask.id,
          teamId: ask.teamId,
          enterpriseId: ask.enterpriseId,
          userId: m.userId,
          skill: m.skill,
          score: m.score,
          reason: reason ?? m.reason ?? (m.helped ? 'credits' : null),
        })),
      )
      .onConflictDoNothing();
    const claimed = await tx
      .update(askMatches)
      .set({ notifiedAt: sql`now()` })
      .where(
        and(
          eq(askMatches.teamId, ask.teamId),
          eq(askMatches.askId, ask.id),
          isNull(askMatches.notifiedAt),
          isNull(askMatches.declinedAt),
          inArray(askMatches.userId, userIds),
          sql`(select count(*) from ${askMatches} ${am}
               where ${am.teamId} = ${ask.teamId} and ${am.userId} = ${askMatches.userId}
                 and ${am.notifiedAt} > now() - interval '7 days') < ${env.MATCH_NOTICES_PER_WEEK}`,
        ),
      )
      .returning({ userId: askMatches.userId });
    const ids = new Set(claimed.map((c) => c.userId));
    // Someone past the cap by now (another ask got there first) may hear of this one in a later round.
    await tx
      .delete(askMatches)
      .where(
        and(
          eq(askMatches.teamId, ask.teamId),
          eq(askMatches.askId, ask.id),
          isNull(askMatches.notifiedAt),
          isNull(askMatches.declinedAt),
          inArray(askMatches.userId, userIds),
          ids.size ? notInArray(askMatches.userId, [...ids]) : undefined,
        ),
      );
    return matches.filter((m) => ids.has(m.userId));
  });
}

/** Matched beyond the limit when skills are held, so those left out make way for the next best. */
const HELD_SPARE = 5;

/** The matches whose best skill is not one held for the asker's OK. */
async function withoutHeld(db: Db, matches: Match[], held: Set<string>): Promise<Match[]> {
  if (held.size === 0) return matches;
  const catalogue = await catalogueFor(db, [...new Set(matches.map((m) => normaliseSkill(m.skill).norm))]);
  return matches.filter((m) => !held.has(catalogue.get(normaliseSkill(m.skill).norm)?.slug ?? ''));
}

const notice = (message: MessageArgs): Notice => ({ kind: 'message', message });

/** Where the people matching an ask hear of it. */
export type MatchRoute = 'thread' | 'dm' | 'nobody';

/**
 * A thread in a channel shared with another organisation would show that organisation who knows
 * what among the staff: there, matches are DM'd. A private channel's ask is not DM'd to people who
 * may not be in it, so a private shared channel tells nobody.
 */
export function matchRoute(env: Env, ask: Pick<Ask, 'isPrivate' | 'externallyShared'>): MatchRoute {
  if (ask.externallyShared) return ask.isPrivate ? 'nobody' : 'dm';
  return env.MATCH_NOTIFY === 'dm' && !ask.isPrivate ? 'dm' : 'thread';
}

/**
 * Owes the best-matching people a word about the ask, in the caller's transaction: one threaded
 * reply mentioning each of them (never a mass mention), or a DM each with MATCH_NOTIFY=dm or in a
 * channel shared with another organisation. The snoozed and those told of MATCH_NOTICES_PER_WEEK
 * asks this week make way for the next best. Returns how many will be told.
 */
export async function oweMatches(
  db: Db,
  env: Env,
  ask: Ask,
  round: MatchRound = {},
): Promise<{ told: number; owed: string[] }> {
  const route = matchRoute(env, ask);
  const limit = round.limit ?? env.MATCH_NOTIFY_LIMIT;
  if (limit === 0 || !ask.messageTs || route === 'nobody') return { told: 0, owed: [] };
  // Learners are only ever DM'd, and a private channel's ask must not reach people who may not be in it.
  if (round.reason === 'interest' && ask.isPrivate) return { told: 0, owed: [] };
  const slugs = [
    ...(
      await catalogueFor(
        db,
        ask.skills.map((s) => s.toLowerCase()),
      )
    ).values(),
  ].map((c) => c.slug);
  // People matched before (by the broadcast, an earlier step, a *Not my area*) make way for the next best.
  const before = await db
    .select({ userId: askMatches.userId })
    .from(askMatches)
    .where(and(eq(askMatches.teamId, ask.teamId), eq(askMatches.askId, ask.id)));
  const text = [ask.text, ask.details].filter(Boolean).join('\n');
  // Skills the words suggest only by an everyday word tell nobody until the asker adds them.
  const held = new Set(await slugsOf(db, await skillsInText(db, text, slugs, true)));
  const found = await matchPeople(db, ask, {
    text,
    slugs,
    exclude: [ask.askerId, ...before.map((b) => b.userId)],
    limit: held.size ? limit + HELD_SPARE : limit,
    kinds: round.kinds ?? TOLD_AT_ONCE,
    notice: { perWeek: env.MATCH_NOTICES_PER_WEEK },
    teams: await matchingScope(db, ask),
  });
  const matches = await withoutHeld(db, found.matches, held);
  const excluded = [ask.askerId, ...before.map((b) => b.userId)];
  const ranked = withSimilar(matches, round.similar, excluded, limit);
  const told = await claimMatches(db, env, ask, ranked, round.reason);
  if (told.length === 0) return { told: 0, owed: [] };
  const learners = round.reason === 'interest';
  const dm = (m: Match): MessageArgs => ({
    channel: m.userId,
    ...matchDmMessage(ask, m, learners),
    unfurl_links: false,
  });
  // People of the org's other workspaces (Grid) are not in the ask's channel: a DM each, in their own.
  const elsewhere = told.filter((m) => m.teamId && m.teamId !== ask.teamId);
  const here = told.filter((m) => !elsewhere.includes(m));
  const messages: MessageArgs[] =
    // Learners are told privately: wanting to learn something is nobody else's business.
    route === 'dm' || learners || here.length === 0
      ? here.map(dm)
      : [{ channel: ask.channelId, thread_ts: ask.messageTs, ...matchThreadMessage(ask, here) }];
  const owed = await owe(db, ask, messages.map(notice));
  for (const m of elsewhere)
    owed.push(...(await owe(db, { teamId: m.teamId!, enterpriseId: ask.enterpriseId }, [notice(dm(m))])));
  return { told: told.length, owed };
}
