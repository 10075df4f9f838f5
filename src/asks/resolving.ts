import type { webApi } from '@slack/bolt';
import type { Deps } from '../deps.js';
import { refreshHomes } from '../home/publish.js';
import { refreshPerson } from '../people/lookup.js';
import { owe, stillOwed } from '../runtime/outbox-queries.js';
import { NotAsker, UserError } from '../slack/errors.js';
import { thanksMessage } from './blocks.js';
import { askRefresh, refreshAskMessage } from './message.js';
import { type Ask, closeAsk, listVolunteers } from './queries.js';

/**
 * Closes the ask if the user is its asker or a workspace admin; the thanks in its thread and the
 * message update are owed in the same transaction, so they go out once even after a crash.
 */
export async function resolveAsk(deps: Deps, client: webApi.WebClient, ask: Ask, userId: string): Promise<boolean> {
  // Asked of Slack afresh: the cache could still call someone an admin who was demoted today.
  if (userId !== ask.askerId && !(await refreshPerson(deps.db, client, ask, userId)).isAdmin) {
    throw new NotAsker(ask.askerId);
  }
  const refresh = askRefresh(ask);
  const { closed, owed } = await deps.db.transaction(async (tx) => {
    const row = await closeAsk(tx, ask, userId);
    if (!row) return { closed: undefined, owed: [] };
    const thanks = {
      channel: row.channelId,
      thread_ts: row.messageTs!,
      text: thanksMessage(row, await listVolunteers(tx, row)),
    };
    return { closed: row, owed: await owe(tx, row, [{ kind: 'message', message: thanks }, refresh]) };
  });
  await deps.outbox.deliver(client, ask, owed);
  if (!closed) {
    // Closed already, perhaps by a press whose message update Slack failed: this brings the message up to date.
    await refreshAskMessage(deps, client, ask);
    return false;
  }
  await refreshHomes(deps, client, closed, [closed.askerId, userId]);
  if (await stillOwed(deps.db, refresh.key)) {
    throw new UserError(
      'ask_message_stale',
      'The ask is resolved, but Slack failed to update its message. ' +
        'Press *Mark resolved* again in a minute to refresh it.',
    );
  }
  return true;
}
