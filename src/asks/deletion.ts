import type { webApi } from '@slack/bolt';
import { and, eq, ne } from 'drizzle-orm';
import { askMatches, asks, replies } from '../db/schema/index.js';
import type { Deps } from '../deps.js';
import { refreshHomes } from '../home/publish.js';
import type { Deliver } from '../runtime/outbox.js';
import { type Notice, owe } from '../runtime/outbox-queries.js';
import type { Ask } from './queries.js';

interface MessageRef {
  channel: string;
  ts: string;
}

/**
 * A bot message owed a deletion (an ask whose asker asked to be forgotten): written in the same
 * transaction as the rows it removes, so a failed chat.delete is tried again by a later sweep.
 */
export const messageDelete = (message: MessageRef): Notice => ({
  kind: 'message_delete',
  key: `message_delete:${message.channel}:${message.ts}`,
  payload: { ...message },
});

/** The outbox's delivery of an owed deletion; a message already gone is Slack's message_not_found. */
export const deliverMessageDelete: Deliver = async (client, item) => {
  const { channel, ts } = item.payload as MessageRef;
  await client.chat.delete({ channel, ts });
};

/**
 * The asker deletes their ask (the ⋮ menu's *Delete*, or *Undo* just after posting): it stays only
 * as a record that it was, like an ask whose message was deleted in Slack, and its message is owed
 * a chat.delete in the same transaction. Undefined when it was deleted already (a second press).
 */
export async function deleteAsk(deps: Deps, client: webApi.WebClient, ask: Ask): Promise<Ask | undefined> {
  const { deleted, owed } = await deps.db.transaction(async (tx) => {
    const [row] = await tx
      .update(asks)
      .set({ status: 'deleted', text: '', details: null, skills: [], heldSkills: [] })
      .where(and(eq(asks.teamId, ask.teamId), eq(asks.id, ask.id), ne(asks.status, 'deleted')))
      .returning();
    if (!row) return { deleted: undefined, owed: [] };
    await tx.delete(replies).where(and(eq(replies.teamId, ask.teamId), eq(replies.askId, ask.id)));
    await tx.delete(askMatches).where(and(eq(askMatches.teamId, ask.teamId), eq(askMatches.askId, ask.id)));
    const message = row.messageTs ? [messageDelete({ channel: row.channelId, ts: row.messageTs })] : [];
    return { deleted: row, owed: await owe(tx, row, message) };
  });
  await deps.outbox.deliver(client, ask, owed);
  if (deleted) await refreshHomes(deps, client, ask, [ask.askerId]);
  return deleted;
}
