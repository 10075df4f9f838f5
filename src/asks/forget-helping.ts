import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { asks, credits, skillOffers } from '../db/schema/index.js';
import type { Workspace } from '../slack/workspace.js';
import { FORMER_COLLEAGUE } from './former.js';

/**
 * Forget me, for the helping loop, in the caller's transaction: their credits and skill offers go,
 * credits they gave stay (they count for the helpers) as a former colleague's, and an ask they
 * were on is open to volunteers again. Returns the asks whose messages showed them on it.
 */
export async function forgetHelping(tx: Db, ws: Workspace, userId: string): Promise<Array<{ id: string }>> {
  await tx.delete(credits).where(and(eq(credits.teamId, ws.teamId), eq(credits.userId, userId)));
  await tx
    .update(credits)
    .set({ creditedBy: FORMER_COLLEAGUE })
    .where(and(eq(credits.teamId, ws.teamId), eq(credits.creditedBy, userId)));
  await tx.delete(skillOffers).where(and(eq(skillOffers.teamId, ws.teamId), eq(skillOffers.userId, userId)));
  return tx
    .update(asks)
    .set({ claimedBy: null, claimedAt: null, claimNudgedAt: null })
    .where(and(eq(asks.teamId, ws.teamId), eq(asks.claimedBy, userId)))
    .returning({ id: asks.id });
}
