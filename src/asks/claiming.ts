import type { webApi } from '@slack/bolt';
import type { Deps } from '../deps.js';
import { refreshHomes } from '../home/publish.js';
import { type Notice, owe } from '../runtime/outbox-queries.js';
import { lockAsk, namesOf, setClaim } from './claim-queries.js';
import { FORMER_COLLEAGUE, toAsker } from './former.js';
import { claimedDm, handedBackDm, releasedDm, replacedDm } from './loop-blocks.js';
import { oweMatches } from './matches.js';
import { askRefresh } from './message.js';
import { type Ask, listVolunteers } from './queries.js';
import { goWithIntro } from './reveal.js';

export type GoWithOutcome =
  | { outcome: 'claimed'; released: number }
  | { outcome: 'already' | 'closed' | 'not_volunteer' | 'not_asker' };

const dm = (channel: string, m: string | { text: string; blocks: unknown[] }, key?: string): Notice => ({
  kind: 'message',
  key,
  message: { channel, unfurl_links: false, ...(typeof m === 'string' ? { text: m } : m) },
});

/**
 * The asker goes with one volunteer: the ask shows them on it, they are told (and introduced to the
 * asker in a group DM), and the other volunteers are thanked and let go (each once per ask, however
 * often the asker changes their mind). All owed in the transaction that records the claim, so a
 * retry or a second press acts once, and a crash after the commit still tells everyone.
 */
export async function goWith(
  deps: Deps,
  client: webApi.WebClient,
  ask: Ask,
  userId: string,
  helperId: string,
): Promise<GoWithOutcome> {
  if (userId !== ask.askerId) return { outcome: 'not_asker' };
  const result = await deps.db.transaction(async (tx) => {
    const row = await lockAsk(tx, ask);
    if (row?.status !== 'open') return { outcome: 'closed' as const };
    if (row.claimedBy === helperId) return { outcome: 'already' as const };
    const volunteers = await listVolunteers(tx, row);
    if (!volunteers.includes(helperId)) return { outcome: 'not_volunteer' as const };
    const claimed = await setClaim(tx, row, helperId);
    const before = row.claimedBy;
    const others = volunteers.filter((v) => v !== helperId && v !== before);
    const owed = await owe(tx, row, [
      dm(helperId, claimedDm(claimed)),
      ...(before ? [dm(before, replacedDm(claimed, helperId))] : []),
      ...others.map((v) => dm(v, releasedDm(claimed, helperId), `claim_release:${row.id}:${v}`)),
      // The two of them, introduced in a group DM; never for an anonymous ask, which would show who asked.
      ...(row.anonymous || row.askerId === FORMER_COLLEAGUE ? [] : [goWithIntro(row, helperId)]),
      askRefresh(row),
    ]);
    return { outcome: 'claimed' as const, released: others.length, owed };
  });
  if (result.outcome !== 'claimed') return result;
  await deps.outbox.deliver(client, ask, result.owed);
  await refreshHomes(deps, client, ask, [ask.askerId, helperId]);
  return { outcome: 'claimed', released: result.released };
}

export type HandBackOutcome = 'handed_back' | 'not_on_it' | 'closed';

/**
 * The person on the ask gives it back: it is open to volunteers again, the next-best matches are
 * told, and the asker hears, with buttons for the other volunteers.
 */
export async function handBack(
  deps: Deps,
  client: webApi.WebClient,
  ask: Ask,
  userId: string,
): Promise<HandBackOutcome> {
  const result = await deps.db.transaction(async (tx) => {
    const row = await lockAsk(tx, ask);
    if (row?.status !== 'open') return 'closed' as const;
    if (row.claimedBy !== userId) return 'not_on_it' as const;
    const open = await setClaim(tx, row, null);
    const matched = await oweMatches(tx, deps.env, open);
    const others = (await listVolunteers(tx, open)).filter((v) => v !== userId);
    const message = handedBackDm(open, userId, matched.told, await namesOf(tx, open, others));
    const owed = await owe(tx, open, [...toAsker(open, message.text, undefined, message.blocks), askRefresh(open)]);
    return [...matched.owed, ...owed];
  });
  if (typeof result === 'string') return result;
  await deps.outbox.deliver(client, ask, result);
  await refreshHomes(deps, client, ask, [ask.askerId, userId]);
  return 'handed_back';
}

/** "Still on it?" answered yes: nothing changes, but only the person on it may say so. */
export function stillOnIt(ask: Ask, userId: string): 'yes' | 'not_on_it' | 'closed' {
  if (ask.status !== 'open') return 'closed';
  return ask.claimedBy === userId ? 'yes' : 'not_on_it';
}
