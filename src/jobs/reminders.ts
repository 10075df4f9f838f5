import { and, eq, gt, isNotNull, isNull, lt, notExists, sql } from 'drizzle-orm';
import { reminderDm, reminderNudge } from '../asks/blocks.js';
import { notifyMatches } from '../asks/matches.js';
import type { Ask } from '../asks/queries.js';
import { asks, volunteers } from '../db/schema/index.js';
import type { Deps } from '../deps.js';
import { forOneRun, type SlackClients } from '../installations/clients.js';
import { hoursAgo } from './since.js';

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
