import type { webApi } from '@slack/bolt';
import type { MessageArgs } from './outbox-queries.js';

/** The metadata event type every notice carries, with its outbox id, so Slack can be asked about it. */
export const NOTICE_EVENT = 'who_can_help_notice';

type Metadata = { event_type?: string; event_payload?: Record<string, unknown> };

/**
 * Whether a notice reached Slack before the process sending it died: its id is in the metadata
 * of a recent message where it was going (a DM, a thread, a channel).
 */
export async function alreadySent(client: webApi.WebClient, id: string, message: MessageArgs): Promise<boolean> {
  let channel = message.channel;
  if (/^[UW]/.test(channel)) {
    const opened = await client.conversations.open({ users: channel });
    channel = opened.channel?.id ?? channel;
  }
  const recent = message.thread_ts
    ? await client.conversations.replies({ channel, ts: message.thread_ts, include_all_metadata: true, limit: 200 })
    : await client.conversations.history({ channel, include_all_metadata: true, limit: 100 });
  return (recent.messages ?? []).some((m) => {
    const metadata = (m as { metadata?: Metadata }).metadata;
    return metadata?.event_type === NOTICE_EVENT && metadata.event_payload?.notice === id;
  });
}
