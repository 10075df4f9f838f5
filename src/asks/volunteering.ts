import type { webApi } from '@slack/bolt';
import type { Deps } from '../deps.js';
import { refreshHomes } from '../home/publish.js';
import { getPerson } from '../people/lookup.js';
import { volunteerDm } from './blocks.js';
import { refreshAskMessage } from './message.js';
import { type Ask, addVolunteer, removeVolunteer } from './queries.js';

export type VolunteerOutcome = 'added' | 'already' | 'own_ask' | 'closed' | 'bot';

/** Records a volunteer once; only a new volunteer DMs the asker and updates the count. */
export async function volunteer(
  deps: Deps,
  client: webApi.WebClient,
  ask: Ask,
  userId: string,
  via: 'reaction' | 'button',
): Promise<VolunteerOutcome> {
  if (userId === ask.askerId) return 'own_ask';
  if (ask.status !== 'open') return 'closed';
  if (via === 'reaction' && (await getPerson(deps.db, client, ask, userId)).isBot) return 'bot';
  if (!(await addVolunteer(deps.db, ask, userId, via))) return 'already';
  // The offer is recorded: a DM or message update that fails now is logged, never reported as a failure to volunteer.
  const results = await Promise.allSettled([
    client.chat.postMessage({ channel: ask.askerId, text: volunteerDm(ask, userId), unfurl_links: false }),
    refreshAskMessage(deps, client, ask),
    refreshHomes(deps, client, ask, [userId, ask.askerId]),
  ]);
  for (const r of results) {
    if (r.status === 'rejected')
      deps.log.warn(
        { err: r.reason, teamId: ask.teamId, askId: ask.id },
        'volunteer recorded, but Slack failed to pass it on',
      );
  }
  return 'added';
}

export async function withdraw(deps: Deps, client: webApi.WebClient, ask: Ask, userId: string): Promise<boolean> {
  if (ask.status !== 'open') return false;
  if (!(await removeVolunteer(deps.db, ask, userId))) return false;
  await refreshAskMessage(deps, client, ask);
  await refreshHomes(deps, client, ask, [userId, ask.askerId]);
  return true;
}
