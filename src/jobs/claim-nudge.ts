import { claimNudges } from '../asks/claim-queries.js';
import { claimNudgeDm } from '../asks/loop-blocks.js';
import type { Deps } from '../deps.js';
import type { SlackClients } from '../installations/clients.js';
import { owe } from '../runtime/outbox-queries.js';

/**
 * One "Still on it?" DM to whoever has been on an open ask for CLAIM_NUDGE_DAYS. Claiming the
 * nudge (claim_nudged_at) and owing the DM is one transaction, so however many replicas run the
 * housekeeping, and whatever crashes, it is sent once per claim.
 */
export async function nudgeClaims(deps: Deps, clients: SlackClients): Promise<number> {
  const days = deps.env.CLAIM_NUDGE_DAYS;
  const nudged = await deps.db.transaction(async (tx) => {
    const due = await claimNudges(tx, days);
    for (const ask of due) {
      const message = claimNudgeDm(ask, Math.round(days));
      await owe(tx, ask, [{ kind: 'message', message: { channel: ask.claimedBy!, unfurl_links: false, ...message } }]);
    }
    return due.length;
  });
  if (nudged > 0) await deps.outbox.sweep(clients);
  return nudged;
}
