import { and, count, eq, exists, gt, inArray, isNotNull, isNull, lt, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { asks, volunteers } from '../db/schema/index.js';
import { hoursAgo } from '../jobs/since.js';
import type { Ask } from './queries.js';

/**
 * Open asks someone first offered to help with `days` ago, nobody has taken on (the "Still on
 * it?" nudge covers those) and not yet checked in on, claimed for their one check-in: the
 * checked_in_at guard is checked again on each row as it is updated, so of two replicas running
 * this at once only one claims an ask.
 */
export async function claimCheckIns(db: Db, days: number, expiryDays: number): Promise<Ask[]> {
  const offeredLongAgo = db
    .select({ one: sql`1` })
    .from(volunteers)
    .where(
      and(
        eq(volunteers.teamId, asks.teamId),
        eq(volunteers.askId, asks.id),
        lt(volunteers.createdAt, hoursAgo(days * 24)),
      ),
    );
  return db
    .update(asks)
    .set({ checkedInAt: sql`now()` })
    .where(
      and(
        eq(asks.status, 'open'),
        isNotNull(asks.messageTs),
        isNull(asks.claimedBy),
        isNull(asks.checkedInAt),
        // about to expire: the expiry DM asks the same question
        gt(asks.createdAt, hoursAgo(expiryDays * 24)),
        exists(offeredLongAgo),
      ),
    )
    .returning();
}

/**
 * How many people offered to help with each of the asks (those nobody offered for are left out),
 * counting only volunteers of the ask's own workspace, as every query here is scoped.
 */
export async function volunteerCounts(db: Db, list: Pick<Ask, 'id' | 'teamId'>[]): Promise<Map<string, number>> {
  if (list.length === 0) return new Map();
  const teamOf = new Map(list.map((a) => [a.id, a.teamId]));
  const rows = await db
    .select({ teamId: volunteers.teamId, askId: volunteers.askId, n: count() })
    .from(volunteers)
    .where(
      and(inArray(volunteers.teamId, [...new Set(teamOf.values())]), inArray(volunteers.askId, [...teamOf.keys()])),
    )
    .groupBy(volunteers.teamId, volunteers.askId);
  return new Map(rows.filter((r) => teamOf.get(r.askId) === r.teamId).map((r) => [r.askId, r.n]));
}
