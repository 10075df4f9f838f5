import type { Deps } from '../deps.js';
import type { Deliver } from '../runtime/outbox.js';
import { askerDmPrefix, deliverAskerDm, deliverAskerDmReply, refreshAskerDm } from './asker-dm.js';
import { findAsk } from './queries.js';
import { deliverGoWithIntro } from './reveal.js';
import { closeVolunteerDms, deliverVolunteerDm } from './volunteer-dm.js';

const askOf = (payload: unknown) => (payload as { askId: string }).askId;

/** The living DMs' own notices: each render covers those owed before it for the same DM. */
export function registerDmDeliveries(deps: Deps): void {
  deps.outbox.on('asker_dm', deliverAskerDm(deps), { latest: (item) => askerDmPrefix(askOf(item.payload)) });
  deps.outbox.on('asker_dm_reply', deliverAskerDmReply(deps));
  deps.outbox.on('volunteer_dm', deliverVolunteerDm(deps), {
    latest: (item) => item.key!.slice(0, item.key!.lastIndexOf(':') + 1),
  });
  deps.outbox.on('go_with_intro', deliverGoWithIntro(deps));
}

/**
 * Every change to an ask owes a refresh of its message (resolving, crediting, expiry, taking it on):
 * the asker's living DM (and, once it is closed, the volunteers' DMs) follow the same refresh, so no
 * flow has to remember them.
 */
export const withAskerDm =
  (deps: Deps, deliver: Deliver): Deliver =>
  async (client, item) => {
    try {
      await deliver(client, item);
    } finally {
      // Even when the channel's message cannot be updated (an archived channel), the DMs follow the ask;
      // the failed refresh is still retried by the outbox.
      await refreshAskerDm(deps, client, { teamId: item.teamId, id: askOf(item.payload) });
      const ask = await findAsk(deps.db, item, askOf(item.payload));
      if (ask && ask.status !== 'open') await closeVolunteerDms(deps, client, ask);
    }
  };
