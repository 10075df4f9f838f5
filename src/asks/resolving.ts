import type { webApi } from '@slack/bolt';
import type { Deps } from '../deps.js';
import { refreshHomes } from '../home/publish.js';
import { refreshPerson } from '../people/lookup.js';
import { owe, stillOwed } from '../runtime/outbox-queries.js';
import { NotAsker, UserError } from '../slack/errors.js';
import { creditThanks } from './credit-blocks.js';
import { askSlugs, type Credit, creditable, recordCredits } from './crediting.js';
import { askRefresh, refreshAskMessage } from './message.js';
import { type Ask, closeAsk, listVolunteers } from './queries.js';

/**
 * Closes the ask if the user is its asker or a workspace admin; the credits (the asker's form
 * only: an admin credits nobody), the thanks in its thread, the credited people's DMs and the
 * message update are written in the same transaction, so they go out once even after a crash.
 * Undefined when the ask was closed already.
 */
export async function resolveAsk(
  deps: Deps,
  client: webApi.WebClient,
  ask: Ask,
  userId: string,
  credit?: Credit,
): Promise<{ credited: string[] } | undefined> {
  // Asked of Slack afresh: the cache could still call someone an admin who was demoted today.
  if (userId !== ask.askerId && !(await refreshPerson(deps.db, client, ask, userId)).isAdmin) {
    throw new NotAsker(ask.anonymous ? undefined : ask.askerId);
  }
  const people = credit && userId === ask.askerId ? await creditable(deps, client, ask, credit.people) : [];
  const slugs = people.length ? await askSlugs(deps.db, ask) : [];
  const refresh = askRefresh(ask);
  const { closed, credited, owed } = await deps.db.transaction(async (tx) => {
    const row = await closeAsk(tx, ask, userId);
    if (!row) return { closed: undefined, credited: [], owed: [] };
    const { credited, notices } = await recordCredits(tx, row, people, userId, { slugs, note: credit?.note ?? '' });
    const thanks = {
      channel: row.channelId,
      thread_ts: row.messageTs!,
      text: creditThanks(row, credited, await listVolunteers(tx, row)),
    };
    const owed = await owe(tx, row, [{ kind: 'message', message: thanks }, ...notices, refresh]);
    return { closed: row, credited, owed };
  });
  await deps.outbox.deliver(client, ask, owed);
  if (!closed) {
    // Closed already, perhaps by a press whose message update Slack failed: this brings the message up to date.
    await refreshAskMessage(deps, client, ask);
    return undefined;
  }
  await refreshHomes(deps, client, closed, [closed.askerId, userId]);
  if (await stillOwed(deps.db, refresh.key)) {
    throw new UserError(
      'ask_message_stale',
      'The ask is resolved, but Slack failed to update its message. ' +
        'Press *Mark resolved* again in a minute to refresh it.',
    );
  }
  return { credited };
}
