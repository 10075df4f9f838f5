import type { webApi } from '@slack/bolt';
import type { Deps } from '../deps.js';
import { refreshHomes } from '../home/publish.js';
import { getPerson } from '../people/lookup.js';
import { owe } from '../runtime/outbox-queries.js';
import { volunteerDm } from './blocks.js';
import { askRefresh } from './message.js';
import { type Ask, addVolunteer, removeVolunteer } from './queries.js';

export type VolunteerOutcome = 'added' | 'already' | 'own_ask' | 'closed' | 'bot';

/**
 * Records a volunteer once; the asker's DM and the count on the ask are owed in the same
 * transaction, so a crash after the commit still tells them (the outbox delivers what is owed).
 */
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
  const added = await deps.db.transaction(async (tx) => {
    if (!(await addVolunteer(tx, ask, userId, via))) return false;
    const dm = { channel: ask.askerId, text: volunteerDm(ask, userId), unfurl_links: false };
    await owe(tx, ask, [{ kind: 'message', message: dm }, askRefresh(ask)]);
    return true;
  });
  // Whatever is still owed (this, or what a stopped process left) goes out now; a retry finishes it.
  await deps.outbox.deliver(client, ask);
  if (!added) return 'already';
  await refreshHomes(deps, client, ask, [userId, ask.askerId]);
  return 'added';
}

export async function withdraw(deps: Deps, client: webApi.WebClient, ask: Ask, userId: string): Promise<boolean> {
  if (ask.status !== 'open') return false;
  const withdrawn = await deps.db.transaction(async (tx) => {
    if (!(await removeVolunteer(tx, ask, userId))) return false;
    await owe(tx, ask, [askRefresh(ask)]);
    return true;
  });
  await deps.outbox.deliver(client, ask);
  if (!withdrawn) return false;
  await refreshHomes(deps, client, ask, [userId, ask.askerId]);
  return true;
}
