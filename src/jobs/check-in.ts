import { checkInDm } from '../asks/checkin-blocks.js';
import { claimCheckIns } from '../asks/checkin-queries.js';
import { toAsker } from '../asks/former.js';
import { listVolunteers } from '../asks/queries.js';
import type { Deps } from '../deps.js';
import type { SlackClients } from '../installations/clients.js';
import { owe } from '../runtime/outbox-queries.js';

/**
 * One "Did @X help?" DM to the asker of an open ask someone offered to help with CHECK_IN_DAYS
 * ago. Claiming the check-in (checked_in_at) and owing the DM is one transaction, so however many
 * replicas run the housekeeping, and whatever crashes, it is sent once per ask.
 */
export async function checkInOnAsks(deps: Deps, clients: SlackClients): Promise<number> {
  const { env } = deps;
  const checked = await deps.db.transaction(async (tx) => {
    const due = await claimCheckIns(tx, env.CHECK_IN_DAYS, env.ASK_EXPIRY_DAYS);
    for (const ask of due) {
      const { text, blocks } = checkInDm(ask, await listVolunteers(tx, ask));
      await owe(tx, ask, toAsker(ask, text, undefined, blocks));
    }
    return due.length;
  });
  if (checked > 0) await deps.outbox.sweep(clients);
  return checked;
}
