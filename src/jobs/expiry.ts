import { and, eq, isNotNull, lt } from 'drizzle-orm';
import { expiredDm } from '../asks/blocks.js';
import { refreshAskMessage } from '../asks/message.js';
import type { Ask } from '../asks/queries.js';
import { asks } from '../db/schema/index.js';
import type { Deps } from '../deps.js';
import { forOneRun, type SlackClients } from '../installations/clients.js';
import { hoursAgo } from './since.js';

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
