import { and, asc, eq, inArray, isNotNull, isNull, lt, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { asks, people } from '../db/schema/index.js';
import { hoursAgo } from '../jobs/since.js';
import type { Workspace } from '../slack/workspace.js';
import type { Pickable } from './loop-blocks.js';
import type { Ask } from './queries.js';

/**
 * The ask, locked for the rest of the caller's transaction: two presses of Go with (or Go with
 * and Hand back) at once, on one replica or two, take turns and each sees what the other did.
 */
export async function lockAsk(db: Db, ask: Pick<Ask, 'teamId' | 'id'>): Promise<Ask | undefined> {
  const [row] = await db
    .select()
    .from(asks)
    .where(and(eq(asks.teamId, ask.teamId), eq(asks.id, ask.id)))
    .for('update');
  return row;
}

/** Someone takes the ask on (or nobody, handing it back); the one nudge may come again for them. */
export async function setClaim(db: Db, ask: Ask, userId: string | null): Promise<Ask> {
  const [row] = await db
    .update(asks)
    .set({ claimedBy: userId, claimedAt: userId ? sql`now()` : null, claimNudgedAt: null })
    .where(and(eq(asks.teamId, ask.teamId), eq(asks.id, ask.id)))
    .returning();
  return row!;
}

/** People's names for buttons, from the people cache, in the order given; their id when unknown. */
export async function namesOf(db: Db, ws: Workspace, userIds: string[]): Promise<Pickable[]> {
  if (userIds.length === 0) return [];
  const rows = await db
    .select({ userId: people.userId, name: people.name })
    .from(people)
    .where(and(eq(people.teamId, ws.teamId), inArray(people.userId, userIds)))
    .orderBy(asc(people.userId));
  const byId = new Map(rows.map((r) => [r.userId, r.name]));
  return userIds.map((userId) => ({ userId, name: byId.get(userId) ?? userId }));
}

/**
 * Open asks someone has been on for `days` without resolving, claimed for their one nudge: the
 * claim_nudged_at guard makes it once-only, however many replicas run the hour's housekeeping.
 */
export async function claimNudges(db: Db, days: number): Promise<Ask[]> {
  return db
    .update(asks)
    .set({ claimNudgedAt: sql`now()` })
    .where(
      and(
        eq(asks.status, 'open'),
        isNotNull(asks.claimedBy),
        isNull(asks.claimNudgedAt),
        lt(asks.claimedAt, hoursAgo(days * 24)),
      ),
    )
    .returning();
}
