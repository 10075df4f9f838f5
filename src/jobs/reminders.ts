import { and, eq, gt, isNotNull, isNull, lt, notExists, sql } from 'drizzle-orm';
import { reminderDm, reminderNudge } from '../asks/blocks.js';
import { toAsker } from '../asks/former.js';
import { oweMatches } from '../asks/matches.js';
import type { Ask } from '../asks/queries.js';
import { asks, volunteers } from '../db/schema/index.js';
import type { Deps } from '../deps.js';
import type { SlackClients } from '../installations/clients.js';
import { owe } from '../runtime/outbox-queries.js';
import { hoursAgo } from './since.js';

/**
 * Asks nobody volunteered for after REMINDER_AFTER_HOURS: one nudge in the thread, the next-best
 * matches told, the asker DM'd. Setting reminded_at and owing the notices is one transaction, so
 * no ask is ever reminded twice, and a crash after it still sends them (the outbox delivers).
 */
export async function sendReminders(deps: Deps, clients: SlackClients): Promise<number> {
  const { env } = deps;
  const due = await deps.db.transaction(async (tx) => {
    const claimed: Ask[] = await tx
      .update(asks)
      .set({ remindedAt: sql`now()` })
      .where(
        and(
          eq(asks.status, 'open'),
          isNotNull(asks.messageTs),
          isNull(asks.remindedAt),
          lt(asks.createdAt, hoursAgo(env.REMINDER_AFTER_HOURS)),
          // about to expire anyway: no point nudging (and no flood of reminders for old asks after an upgrade)
          gt(asks.createdAt, hoursAgo(env.ASK_EXPIRY_DAYS * 24)),
          notExists(tx.select({ one: sql`1` }).from(volunteers).where(eq(volunteers.askId, asks.id))),
        ),
      )
      .returning();
    for (const ask of claimed) {
      await owe(tx, ask, [
        { kind: 'message', message: { channel: ask.channelId, thread_ts: ask.messageTs!, text: reminderNudge(ask) } },
      ]);
      const { told } = await oweMatches(tx, env, ask);
      await owe(tx, ask, toAsker(ask, reminderDm(ask, env.REMINDER_AFTER_HOURS, told)));
    }
    return claimed;
  });
  if (due.length > 0) await deps.outbox.sweep(clients);
  return due.length;
}
