import type { webApi } from '@slack/bolt';
import type { Deps } from '../deps.js';
import { refreshHomes } from '../home/publish.js';
import { getPerson } from '../people/lookup.js';
import { NotAsker, UserError } from '../slack/errors.js';
import { thanksMessage } from './blocks.js';
import { refreshAskMessage } from './message.js';
import { type Ask, closeAsk, listVolunteers } from './queries.js';

/** Closes the ask if the user is its asker or a workspace admin, then thanks the volunteers in its thread. */
export async function resolveAsk(deps: Deps, client: webApi.WebClient, ask: Ask, userId: string): Promise<boolean> {
  if (userId !== ask.askerId && !(await getPerson(deps.db, client, ask, userId)).isAdmin) {
    throw new NotAsker(ask.askerId);
  }
  const closed = await closeAsk(deps.db, ask, userId);
  if (!closed) {
    // Closed already, perhaps by a press whose message update Slack failed: this brings the message up to date.
    await refreshAskMessage(deps, client, ask);
    return false;
  }
  const volunteers = await listVolunteers(deps.db, closed);
  // The ask is closed for good: the thanks go out (once) even when the message update fails.
  const [updated, ...others] = await Promise.allSettled([
    refreshAskMessage(deps, client, closed),
    client.chat.postMessage({
      channel: closed.channelId,
      thread_ts: closed.messageTs!,
      text: thanksMessage(closed, volunteers),
    }),
    refreshHomes(deps, client, closed, [closed.askerId, userId]),
  ]);
  for (const r of [updated, ...others]) {
    if (r.status === 'rejected')
      deps.log.warn(
        { err: r.reason, teamId: closed.teamId, askId: closed.id },
        'ask resolved, but Slack failed to pass it on',
      );
  }
  if (updated.status === 'rejected') {
    throw new UserError(
      'ask_message_stale',
      'The ask is resolved, but Slack failed to update its message. ' +
        'Press *Mark resolved* again in a minute to refresh it.',
    );
  }
  return true;
}
