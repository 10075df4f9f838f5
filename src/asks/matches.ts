import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { askMatches } from '../db/schema/index.js';
import type { Env } from '../env.js';
import { type MessageArgs, owe } from '../runtime/outbox-queries.js';
import { catalogueFor } from '../skills/catalogue.js';
import { type Match, matchPeople } from '../skills/matching.js';
import { matchedDm, matchedThread } from './blocks.js';
import type { Ask } from './queries.js';

/** Records the matches and claims the ones nobody has told yet, so a retry tells no one twice. */
async function claimMatches(db: Db, ask: Ask, matches: Match[]): Promise<Match[]> {
  if (matches.length === 0) return [];
  return db.transaction(async (tx) => {
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
          inArray(
            askMatches.userId,
            matches.map((m) => m.userId),
          ),
        ),
      )
      .returning({ userId: askMatches.userId });
    const ids = new Set(claimed.map((c) => c.userId));
    return matches.filter((m) => ids.has(m.userId));
  });
}

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
 * channel shared with another organisation. Returns how many will be told.
 */
export async function oweMatches(db: Db, env: Env, ask: Ask): Promise<{ told: number; owed: string[] }> {
  const route = matchRoute(env, ask);
  if (env.MATCH_NOTIFY_LIMIT === 0 || !ask.messageTs || route === 'nobody') return { told: 0, owed: [] };
  const slugs = [
    ...(
      await catalogueFor(
        db,
        ask.skills.map((s) => s.toLowerCase()),
      )
    ).values(),
  ].map((c) => c.slug);
  // People matched before (by the broadcast, when this is the reminder) make way for the next best.
  const before = await db
    .select({ userId: askMatches.userId })
    .from(askMatches)
    .where(and(eq(askMatches.teamId, ask.teamId), eq(askMatches.askId, ask.id)));
  const { matches } = await matchPeople(db, ask, {
    text: [ask.text, ask.details].filter(Boolean).join('\n'),
    slugs,
    exclude: [ask.askerId, ...before.map((b) => b.userId)],
    limit: env.MATCH_NOTIFY_LIMIT,
  });
  const told = await claimMatches(db, ask, matches);
  if (told.length === 0) return { told: 0, owed: [] };
  const messages: MessageArgs[] =
    route === 'dm'
      ? told.map((m) => ({ channel: m.userId, text: matchedDm(ask, m), unfurl_links: false }))
      : [{ channel: ask.channelId, thread_ts: ask.messageTs, text: matchedThread(told) }];
  const owed = await owe(
    db,
    ask,
    messages.map((message) => ({ kind: 'message', message })),
  );
  return { told: told.length, owed };
}
