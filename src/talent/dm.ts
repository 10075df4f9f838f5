import type { webApi } from '@slack/bolt';
import type { Deps } from '../deps.js';
import { type MessageArgs, owe } from '../runtime/outbox-queries.js';
import type { Workspace } from '../slack/workspace.js';

/** DMs a message now, through the outbox like every notice, so a failed send is retried by the sweep. */
export async function dmNow(
  deps: Deps,
  client: webApi.WebClient,
  ws: Workspace,
  userId: string,
  message: Omit<MessageArgs, 'channel'>,
): Promise<void> {
  const ids = await owe(deps.db, ws, [{ kind: 'message', message: { channel: userId, ...message } as MessageArgs }]);
  await deps.outbox.deliver(client, ws, ids);
}
