import type { webApi } from '@slack/bolt';
import type { Deps } from '../deps.js';
import { refreshHomes } from '../home/publish.js';
import { getPerson } from '../people/lookup.js';
import { owe } from '../runtime/outbox-queries.js';
import { askerDmReply } from './asker-dm.js';
import { handBack } from './claiming.js';
import { FORMER_COLLEAGUE } from './former.js';
import { askRefresh } from './message.js';
import { type Ask, addVolunteer, removeVolunteer } from './queries.js';
import { reuseVolunteerDm, volunteerDm, volunteerDmOf } from './volunteer-dm.js';

export type VolunteerOutcome = 'added' | 'already' | 'own_ask' | 'closed' | 'bot';

/**
 * Records a volunteer once; the asker's reply under their living DM, the volunteer's confirmation DM
 * and the count on the ask are owed in the same transaction, so a crash after the commit still tells
 * them (the outbox delivers what is owed).
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
  const { added, owed } = await deps.db.transaction(async (tx) => {
    if (!(await addVolunteer(tx, ask, userId, via))) return { added: undefined, owed: [] };
    // Someone offering again gets the confirmation DM they had, updated, not a second one.
    await reuseVolunteerDm(tx, ask, userId);
    // The asker's reply is owed once per ask and person, ever: nothing newly owed means they offered before.
    const reply = await owe(tx, ask, askerDmReply(ask, userId));
    const rest = await owe(tx, ask, [volunteerDm(ask, userId), askRefresh(ask)]);
    const again = reply.length === 0 && ask.askerId !== FORMER_COLLEAGUE;
    return { added: again ? ('again' as const) : ('first' as const), owed: [...reply, ...rest] };
  });
  // What this owed goes out now; what a stopped process left, the outbox's sweep delivers.
  await deps.outbox.deliver(client, ask, owed);
  if (!added) return 'already';
  // The asker's Home changes with each toggle, but only the first is worth publishing at once
  // (views.publish is Tier 4): their Home is drawn afresh whenever they open it.
  await refreshHomes(deps, client, ask, added === 'first' ? [userId, ask.askerId] : [userId]);
  return 'added';
}

/** Takes back an offer; their confirmation DM is updated to say so (its place read before the row goes). */
export async function withdraw(deps: Deps, client: webApi.WebClient, ask: Ask, userId: string): Promise<boolean> {
  if (ask.status !== 'open') return false;
  // Taking back the offer the asker went with hands the ask back, so it never shows them on it.
  if (ask.claimedBy === userId) await handBack(deps, client, ask, userId);
  const owed = await deps.db.transaction(async (tx) => {
    const dm = await volunteerDmOf(tx, ask, userId);
    if (!(await removeVolunteer(tx, ask, userId))) return undefined;
    const where = dm?.channel && dm.ts ? { channel: dm.channel, ts: dm.ts } : undefined;
    return owe(tx, ask, [askRefresh(ask), volunteerDm(ask, userId, where)]);
  });
  if (!owed) return false;
  await deps.outbox.deliver(client, ask, owed);
  // Only the person's own Home: a reaction toggled over and over must not republish the asker's each time.
  await refreshHomes(deps, client, ask, [userId]);
  return true;
}
