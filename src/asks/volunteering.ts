import type { webApi } from '@slack/bolt';
import type { Deps } from '../deps.js';
import { refreshHomes } from '../home/publish.js';
import { getPerson } from '../people/lookup.js';
import { owe } from '../runtime/outbox-queries.js';
import { revealBlocks } from './anonymous.js';
import { volunteerDm } from './blocks.js';
import { handBack } from './claiming.js';
import { FORMER_COLLEAGUE, toAsker } from './former.js';
import { volunteerDmBlocks } from './loop-blocks.js';
import { askRefresh } from './message.js';
import { type Ask, addVolunteer, removeVolunteer } from './queries.js';

export type VolunteerOutcome = 'added' | 'already' | 'own_ask' | 'closed' | 'bot';

/** The asker's DM about one volunteer: owed once per ask and person, however often they toggle. */
const volunteerDmKey = (ask: Ask, userId: string) => `volunteer_dm:${ask.id}:${userId}`;

/**
 * Records a volunteer once; the asker's DM and the count on the ask are owed in the same
 * transaction, so a crash after the commit still tells them (the outbox delivers what is owed).
 * Someone taking their reaction back and adding it again is not news: the asker heard once.
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
  // Looked up for the button too: the asker's DM names them on its Go with button.
  const person = await getPerson(deps.db, client, ask, userId);
  if (via === 'reaction' && person.isBot) return 'bot';
  const text = volunteerDm(ask, userId);
  const blocks = [
    ...volunteerDmBlocks(text, ask, { userId, name: person.name }),
    // An anonymous asker may choose to show themselves to this volunteer.
    ...(ask.anonymous ? revealBlocks(ask, userId, person.name) : []),
  ];
  const { added, owed } = await deps.db.transaction(async (tx) => {
    if (!(await addVolunteer(tx, ask, userId, via))) return { added: undefined, owed: [] };
    // Owed once per ask and person, ever: nothing newly owed means they offered before.
    const dm = await owe(tx, ask, toAsker(ask, text, volunteerDmKey(ask, userId), blocks));
    const refresh = await owe(tx, ask, [askRefresh(ask)]);
    const again = dm.length === 0 && ask.askerId !== FORMER_COLLEAGUE;
    return { added: again ? ('again' as const) : ('first' as const), owed: [...dm, ...refresh] };
  });
  // What this owed goes out now; what a stopped process left, the outbox's sweep delivers.
  await deps.outbox.deliver(client, ask, owed);
  if (!added) return 'already';
  // The asker's Home changes with each toggle, but only the first is worth publishing at once
  // (views.publish is Tier 4): their Home is drawn afresh whenever they open it.
  await refreshHomes(deps, client, ask, added === 'first' ? [userId, ask.askerId] : [userId]);
  return 'added';
}

export async function withdraw(deps: Deps, client: webApi.WebClient, ask: Ask, userId: string): Promise<boolean> {
  if (ask.status !== 'open') return false;
  // Taking back the offer the asker went with hands the ask back, so it never shows them on it.
  if (ask.claimedBy === userId) await handBack(deps, client, ask, userId);
  const owed = await deps.db.transaction(async (tx) => {
    if (!(await removeVolunteer(tx, ask, userId))) return undefined;
    return owe(tx, ask, [askRefresh(ask)]);
  });
  if (!owed) return false;
  await deps.outbox.deliver(client, ask, owed);
  // Only the person's own Home: a reaction toggled over and over must not republish the asker's each time.
  await refreshHomes(deps, client, ask, [userId]);
  return true;
}
