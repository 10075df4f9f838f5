import { and, eq, isNotNull, lt } from 'drizzle-orm';
import { expiredDm } from '../asks/checkin-blocks.js';
import { volunteerCounts } from '../asks/checkin-queries.js';
import { toAsker } from '../asks/former.js';
import { askRefresh } from '../asks/message.js';
import type { Ask } from '../asks/queries.js';
import { asks } from '../db/schema/index.js';
import type { Deps } from '../deps.js';
import type { SlackClients } from '../installations/clients.js';
import { owe } from '../runtime/outbox-queries.js';
import { hoursAgo } from './since.js';

/**
 * Open asks older than ASK_EXPIRY_DAYS close as expired; the message update and the asker's DM
 * (which asks whether anyone helped, when people offered) are owed in the same transaction.
 */
export async function expireAsks(deps: Deps, clients: SlackClients): Promise<number> {
  const days = deps.env.ASK_EXPIRY_DAYS;
  const expired = await deps.db.transaction(async (tx) => {
    const closed: Ask[] = await tx
      .update(asks)
      .set({ status: 'expired' })
      .where(and(eq(asks.status, 'open'), isNotNull(asks.messageTs), lt(asks.createdAt, hoursAgo(days * 24))))
      .returning();
    const offered = await volunteerCounts(tx, closed);
    for (const ask of closed) {
      const { text, blocks } = expiredDm(ask, days, offered.get(ask.id) ?? 0);
      await owe(tx, ask, [askRefresh(ask), ...toAsker(ask, text, undefined, blocks)]);
    }
    return closed;
  });
  if (expired.length > 0) await deps.outbox.sweep(clients);
  return expired.length;
}
