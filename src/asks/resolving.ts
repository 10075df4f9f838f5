import type { webApi } from '@slack/bolt';
import type { Deps } from '../deps';
import { refreshHomes } from '../home/publish';
import { getPerson } from '../people/lookup';
import { NotAsker } from '../slack/errors';
import { thanksMessage } from './blocks';
import { refreshAskMessage } from './message';
import { closeAsk, listVolunteers, type Ask } from './queries';

/** Closes the ask if the user is its asker or a workspace admin, then thanks the volunteers in its thread. */
export async function resolveAsk(deps: Deps, client: webApi.WebClient, ask: Ask, userId: string): Promise<boolean> {
  if (userId !== ask.askerId && !(await getPerson(deps.db, client, ask, userId)).isAdmin) {
    throw new NotAsker(ask.askerId);
  }
  const closed = await closeAsk(deps.db, ask, userId);
  if (!closed) return false;
  const volunteers = await listVolunteers(deps.db, closed);
  await refreshAskMessage(deps, client, closed);
  await client.chat.postMessage({ channel: closed.channelId, thread_ts: closed.messageTs!, text: thanksMessage(closed, volunteers) });
  await refreshHomes(deps, client, closed, [closed.askerId, userId]);
  return true;
}
