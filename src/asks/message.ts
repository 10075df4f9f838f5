import { randomUUID } from 'node:crypto';
import type { webApi } from '@slack/bolt';
import type { Deps } from '../deps.js';
import type { Deliver } from '../runtime/outbox.js';
import type { Notice } from '../runtime/outbox-queries.js';
import { askMessage } from './blocks.js';
import { type Ask, findAsk, listVolunteers } from './queries.js';

/** Every refresh owed for one ask starts so: one delivered covers those owed before it. */
export const askRefreshPrefix = (askId: string) => `ask_refresh:${askId}:`;

/**
 * Owed whenever an ask's state changes: its message re-rendered from the database. Each is its own
 * (keyed, so a caller can ask whether it went): a replica delivering an older one, slowly, never
 * holds up a newer one, and whichever lands last renders the latest state.
 */
export const askRefresh = (ask: Pick<Ask, 'id'>): Notice & { key: string } => ({
  kind: 'ask_refresh',
  key: `${askRefreshPrefix(ask.id)}${randomUUID()}`,
  payload: { askId: ask.id },
});

/** The outbox's delivery of an owed refresh. */
export const deliverAskRefresh =
  (deps: Deps): Deliver =>
  async (client, item) => {
    const ask = await findAsk(deps.db, item, (item.payload as { askId: string }).askId);
    if (ask) await refreshAskMessage(deps, client, ask);
  };

const running = new Map<string, Promise<void>>();
const again = new Set<string>();

/**
 * Re-renders the ask message from the database. Concurrent calls for one ask collapse into one
 * more run after the current one; after each update it looks once more, because another
 * replica's newer update may have landed before this one. So the last update Slack sees always
 * reflects the latest state.
 */
export function refreshAskMessage(deps: Deps, client: webApi.WebClient, ask: Ask): Promise<void> {
  const current = running.get(ask.id);
  if (current) {
    again.add(ask.id);
    return current;
  }
  const run = (async () => {
    let shown: string | undefined;
    do {
      again.delete(ask.id);
      const fresh = await findAsk(deps.db, ask, ask.id);
      if (!fresh?.messageTs || fresh.status === 'deleted') return;
      const volunteers = await listVolunteers(deps.db, fresh);
      const message = askMessage(fresh, volunteers, { expiryDays: deps.env.ASK_EXPIRY_DAYS });
      if (JSON.stringify(message) === shown) continue;
      await client.chat.update({ channel: fresh.channelId, ts: fresh.messageTs, ...message });
      shown = JSON.stringify(message);
      again.add(ask.id);
    } while (again.has(ask.id));
  })().finally(() => running.delete(ask.id));
  running.set(ask.id, run);
  return run;
}
