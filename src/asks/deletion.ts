import type { Deliver } from '../runtime/outbox.js';
import type { Notice } from '../runtime/outbox-queries.js';

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
