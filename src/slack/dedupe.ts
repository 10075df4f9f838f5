import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import { and, eq, isNull, lt, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { slackEvents } from '../db/schema';

// A claim left unfinished this long (a crash after the ack) may be taken over by a later retry.
// Longer than any Retry-After wait a live listener sits through; shorter than the 5-minute retry.
const STALE_CLAIM = sql`now() - interval '4 minutes'`;

/** True when this delivery of the event is ours to act on: the first one, or a retry of a dead claim. */
export async function claimEvent(db: Db, eventId: string, teamId: string): Promise<boolean> {
  const rows = await db
    .insert(slackEvents)
    .values({ eventId, teamId })
    .onConflictDoUpdate({
      target: slackEvents.eventId,
      set: { claimedAt: sql`now()` },
      setWhere: and(isNull(slackEvents.doneAt), lt(slackEvents.claimedAt, STALE_CLAIM)),
    })
    .returning({ eventId: slackEvents.eventId });
  return rows.length > 0;
}

export async function finishEvent(db: Db, eventId: string, teamId: string): Promise<void> {
  await db
    .update(slackEvents)
    .set({ doneAt: sql`now()` })
    .where(and(eq(slackEvents.teamId, teamId), eq(slackEvents.eventId, eventId)));
}

export async function forgetOldEvents(db: Db): Promise<void> {
  await db.delete(slackEvents).where(lt(slackEvents.claimedAt, sql`now() - interval '1 day'`));
}

/** Global middleware: an event_id acts once however often Slack delivers it. */
export function dedupeEvents(db: Db): Middleware<AnyMiddlewareArgs> {
  return async ({ body, context, next, logger }) => {
    const eventId = 'event_id' in body && typeof body.event_id === 'string' ? body.event_id : undefined;
    if (!eventId) return next();
    const teamId = context.teamId ?? context.enterpriseId ?? 'unknown';
    if (!(await claimEvent(db, eventId, teamId))) {
      logger.debug(`skipping event ${eventId} already handled (retry ${context.retryNum ?? 0})`);
      return;
    }
    await next();
    await finishEvent(db, eventId, teamId);
  };
}
