import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import { and, eq, isNotNull, isNull, lt, not, or, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { botProcesses, slackEvents } from '../db/schema/index.js';
import type { Logger } from '../logger.js';
import type { Presence } from './presence.js';

// A claim that names no process (made before processes named theirs) is taken over only after this.
const STALE_CLAIM = sql`now() - interval '4 minutes'`;
// Bolt has acknowledged the event already, so Slack will not send it again: while the database is
// down, or another process is on it, this one waits rather than drop it.
const PATIENCE_MS = 120_000;

type Claim = 'mine' | 'done' | 'elsewhere';

/**
 * Ours to act on: the first delivery, or a retry of a claim whose process has gone (killed,
 * crashed). Done already, or being worked on by a live process: not ours.
 */
export async function claimEvent(db: Db, eventId: string, teamId: string, presence: Presence): Promise<Claim> {
  const taken = await db
    .insert(slackEvents)
    .values({ eventId, teamId, claimedBy: presence.key })
    .onConflictDoUpdate({
      target: slackEvents.eventId,
      set: { claimedAt: sql`now()`, claimedBy: presence.key },
      // A live process keeps its claim however long it takes (waiting out a 429, say).
      setWhere: and(
        isNull(slackEvents.doneAt),
        or(
          and(isNull(slackEvents.claimedBy), lt(slackEvents.claimedAt, STALE_CLAIM)),
          and(isNotNull(slackEvents.claimedBy), not(presence.alive(slackEvents.claimedBy))),
        ),
      ),
    })
    .returning({ eventId: slackEvents.eventId });
  if (taken.length > 0) return 'mine';
  const [row] = await db
    .select({ doneAt: slackEvents.doneAt })
    .from(slackEvents)
    .where(eq(slackEvents.eventId, eventId));
  return row?.doneAt ? 'done' : 'elsewhere';
}

async function claimPatiently(
  db: Db,
  eventId: string,
  teamId: string,
  presence: Presence,
  log: Logger,
): Promise<boolean> {
  const giveUp = Date.now() + PATIENCE_MS;
  for (let pause = 250; ; pause = Math.min(pause * 2, 4_000)) {
    const claim = await claimEvent(db, eventId, teamId, presence).catch((err: unknown) => {
      if (Date.now() > giveUp) throw err;
      log.warn({ err, eventId, teamId }, 'could not claim an event; trying again');
      return undefined;
    });
    if (claim === 'mine') return true;
    if (claim === 'done' || Date.now() > giveUp) return false;
    await new Promise((resolve) => setTimeout(resolve, pause));
  }
}

export async function finishEvent(db: Db, eventId: string, teamId: string): Promise<void> {
  await db
    .update(slackEvents)
    .set({ doneAt: sql`now()` })
    .where(and(eq(slackEvents.teamId, teamId), eq(slackEvents.eventId, eventId)));
}

export async function forgetOldEvents(db: Db): Promise<void> {
  await db.delete(slackEvents).where(lt(slackEvents.claimedAt, sql`now() - interval '1 day'`));
  await db.delete(botProcesses).where(lt(botProcesses.seenAt, sql`now() - interval '1 day'`));
}

/** Global middleware: an event_id acts once however often, and to however many replicas, Slack delivers it. */
export function dedupeEvents(db: Db, presence: Presence, log: Logger): Middleware<AnyMiddlewareArgs> {
  return async ({ body, context, next }) => {
    const eventId = 'event_id' in body && typeof body.event_id === 'string' ? body.event_id : undefined;
    if (!eventId) return next();
    const teamId = context.teamId ?? context.enterpriseId ?? 'unknown';
    if (!(await claimPatiently(db, eventId, teamId, presence, log))) {
      log.debug({ eventId, retry: context.retryNum ?? 0 }, 'event already handled');
      return;
    }
    await next();
    await finishEvent(db, eventId, teamId);
  };
}
