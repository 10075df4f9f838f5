import { and, eq, gt, isNotNull, isNull, lt, notExists, sql } from 'drizzle-orm';
import { asks, volunteers } from '../db/schema/index.js';
import type { Deps } from '../deps.js';
import { forOneRun, type SlackClients } from '../installations/clients.js';
import { expiredDm, reminderDm, reminderNudge } from './blocks.js';
import { notifyMatches } from './matches.js';
import { refreshAskMessage } from './message.js';
import type { Ask } from './queries.js';

const hoursAgo = (h: number) => sql`now() - make_interval(secs => ${h * 3600})`;

/**
 * Asks nobody volunteered for after REMINDER_AFTER_HOURS: one nudge in the thread, the next-best
 * matches told, the asker DM'd. Claiming sets reminded_at first, so no ask is ever reminded twice.
 */
export async function sendReminders(deps: Deps, allClients: SlackClients): Promise<number> {
  const clients = forOneRun(allClients);
  const due: Ask[] = await deps.db
    .update(asks)
    .set({ remindedAt: sql`now()` })
    .where(
      and(
        eq(asks.status, 'open'),
        isNotNull(asks.messageTs),
        isNull(asks.remindedAt),
        lt(asks.createdAt, hoursAgo(deps.env.REMINDER_AFTER_HOURS)),
        // about to expire anyway: no point nudging (and no flood of reminders for old asks after an upgrade)
        gt(asks.createdAt, hoursAgo(deps.env.ASK_EXPIRY_DAYS * 24)),
        notExists(deps.db.select({ one: sql`1` }).from(volunteers).where(eq(volunteers.askId, asks.id))),
      ),
    )
    .returning();
  for (const ask of due) {
    // Each step on its own: one failing never costs the others.
    const step = (what: string) => (err: unknown) => {
      deps.log.warn({ err, teamId: ask.teamId, askId: ask.id }, `reminder: ${what} failed`);
      return 0;
    };
    const client = await clients
      .forWorkspace(ask)
      .catch((err: unknown) => void step('finding its workspace’s token')(err));
    if (!client) continue;
    await client.chat
      .postMessage({ channel: ask.channelId, thread_ts: ask.messageTs!, text: reminderNudge(ask) })
      .catch(step('thread nudge'));
    const told = await notifyMatches(deps, client, ask).catch(step('telling more matches'));
    await client.chat
      .postMessage({
        channel: ask.askerId,
        text: reminderDm(ask, deps.env.REMINDER_AFTER_HOURS, told),
        unfurl_links: false,
      })
      .catch(step('DM to the asker'));
  }
  return due.length;
}

/** Open asks older than ASK_EXPIRY_DAYS close as expired; the message shows it and the asker is told. */
export async function expireAsks(deps: Deps, allClients: SlackClients): Promise<number> {
  const clients = forOneRun(allClients);
  const expired: Ask[] = await deps.db
    .update(asks)
    .set({ status: 'expired' })
    .where(
      and(
        eq(asks.status, 'open'),
        isNotNull(asks.messageTs),
        lt(asks.createdAt, hoursAgo(deps.env.ASK_EXPIRY_DAYS * 24)),
      ),
    )
    .returning();
  for (const ask of expired) {
    try {
      const client = await clients.forWorkspace(ask);
      if (!client) continue;
      await refreshAskMessage(deps, client, ask);
      await client.chat.postMessage({
        channel: ask.askerId,
        text: expiredDm(ask, deps.env.ASK_EXPIRY_DAYS),
        unfurl_links: false,
      });
    } catch (err) {
      deps.log.warn({ err, teamId: ask.teamId, askId: ask.id }, 'expiry notice failed');
    }
  }
  return expired.length;
}
