import { and, eq, or, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { asks, credits, mentorOffers, skillOffers, spotlights } from '../db/schema/index.js';
import type { Workspace } from '../slack/workspace.js';
import { FORMER_COLLEAGUE } from './former.js';

/**
 * Forget me, for the helping loop, in the caller's transaction: their credits, skill offers,
 * learning pairs and spotlights go, credits they gave stay (they count for the helpers) as a
 * former colleague's, and an ask they were on is open to volunteers again. Returns the asks
 * whose messages showed them on it.
 */
export async function forgetHelping(tx: Db, ws: Workspace, userId: string): Promise<Array<{ id: string }>> {
  await tx.delete(credits).where(and(eq(credits.teamId, ws.teamId), eq(credits.userId, userId)));
  await tx
    .update(credits)
    .set({ creditedBy: FORMER_COLLEAGUE })
    .where(and(eq(credits.teamId, ws.teamId), eq(credits.creditedBy, userId)));
  await tx.delete(skillOffers).where(and(eq(skillOffers.teamId, ws.teamId), eq(skillOffers.userId, userId)));
  const inPair = or(eq(mentorOffers.mentorId, userId), eq(mentorOffers.learnerId, userId));
  await tx.delete(mentorOffers).where(and(eq(mentorOffers.teamId, ws.teamId), inPair));
  await tx.delete(spotlights).where(and(eq(spotlights.teamId, ws.teamId), eq(spotlights.userId, userId)));
  return tx
    .update(asks)
    .set({ claimedBy: null, claimedAt: null, claimNudgedAt: null })
    .where(and(eq(asks.teamId, ws.teamId), eq(asks.claimedBy, userId)))
    .returning({ id: asks.id });
}

/** What /skills export shows of the helping loop: credits received and given, skill offers, asks taken on. */
export async function helpingData(db: Db, ws: Workspace, userId: string) {
  const columns = { askId: credits.askId, skills: credits.skills, at: credits.createdAt };
  // Who credited them is the asker: never shown for an anonymous ask (nor one whose row is gone).
  const creditedBy = sql<string | null>`case when coalesce(${asks.anonymous}, true) then null
    else ${credits.creditedBy} end`;
  const creditedFor = await db
    .select({ ...columns, creditedBy })
    .from(credits)
    .leftJoin(asks, and(eq(asks.teamId, credits.teamId), eq(asks.id, credits.askId)))
    .where(and(eq(credits.teamId, ws.teamId), eq(credits.userId, userId)));
  const creditsGiven = await db
    .select({ ...columns, to: credits.userId })
    .from(credits)
    .where(and(eq(credits.teamId, ws.teamId), eq(credits.creditedBy, userId)));
  const skillsOffered = await db
    .select({ slug: skillOffers.slug, answer: skillOffers.answer, offeredAt: skillOffers.offeredAt })
    .from(skillOffers)
    .where(and(eq(skillOffers.teamId, ws.teamId), eq(skillOffers.userId, userId)));
  const onIt = await db
    .select({ askId: asks.id, since: asks.claimedAt })
    .from(asks)
    .where(and(eq(asks.teamId, ws.teamId), eq(asks.claimedBy, userId)));
  return { creditedFor, creditsGiven, skillsOffered, onIt };
}
