import type { webApi } from '@slack/bolt';
import { and, eq, isNull, ne, or, sql } from 'drizzle-orm';
import { askMatches, asks, outbox, replies } from '../db/schema/index.js';
import type { Deps } from '../deps.js';
import { refreshHomes } from '../home/publish.js';
import type { Deliver } from '../runtime/outbox.js';
import { type Notice, owe } from '../runtime/outbox-queries.js';
import { askRefresh } from './message.js';
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

/**
 * The outbox's delivery of an owed deletion; a message already gone is Slack's message_not_found.
 * Deleting a parent leaves its replies, and the bot's own quote the ask (match mentions, the nudge):
 * those go first. A bot token can delete only the bot's messages, so any other refusal is let be.
 */
export const deliverMessageDelete: Deliver = async (client, item) => {
  const { channel, ts } = item.payload as MessageRef;
  const thread = await client.conversations.replies({ channel, ts, limit: 200 }).catch(() => undefined);
  const mine = (thread?.messages ?? []).filter((m) => m.ts && m.ts !== ts && (m.bot_id || !m.user));
  for (const m of mine) await client.chat.delete({ channel, ts: m.ts! }).catch(() => undefined);
  await client.chat.delete({ channel, ts });
};

/** The ask's notices not yet delivered: anything naming its id, and replies owed in its thread. */
const owedAbout = (ask: Ask) =>
  and(
    isNull(outbox.doneAt),
    or(
      sql`${outbox.payload}::text like ${`%${ask.id}%`}`,
      sql`coalesce(${outbox.key}, '') like ${`%${ask.id}%`}`,
      ask.messageTs
        ? and(
            eq(outbox.teamId, ask.teamId),
            sql`${outbox.payload}->>'channel' = ${ask.channelId}`,
            sql`${outbox.payload}->>'thread_ts' = ${ask.messageTs}`,
          )
        : undefined,
    ),
  );

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
    // Pending match DMs, thread mentions and reminders would quote the ask after it is gone.
    await tx.delete(outbox).where(owedAbout(row));
    const message = row.messageTs ? [messageDelete({ channel: row.channelId, ts: row.messageTs })] : [];
    // The refresh brings the asker's living DM and the volunteers' DMs to "deleted", without buttons.
    return { deleted: row, owed: await owe(tx, row, [...message, askRefresh(row)]) };
  });
  await deps.outbox.deliver(client, ask, owed);
  if (deleted) await refreshHomes(deps, client, ask, [ask.askerId]);
  return deleted;
}
