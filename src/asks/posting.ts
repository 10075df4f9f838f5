import type { webApi } from '@slack/bolt';
import type { Deps } from '../deps.js';
import { refreshHomes } from '../home/publish.js';
import { getPerson } from '../people/lookup.js';
import type { Workspace } from '../slack/workspace.js';
import { postedConfirmation } from './blocks.js';
import { type AskInput, broadcastAsk } from './broadcast.js';
import type { Ask } from './queries.js';

/**
 * The whole of asking: broadcast (all or nothing), then tell the people who match.
 * Once the ask is out, nothing after it may make the asker think it failed.
 */
export async function postAsk(
  deps: Deps,
  client: webApi.WebClient,
  ws: Workspace,
  input: AskInput,
): Promise<{ ask: Ask; confirmation: string }> {
  // The asker's cache row puts them in the digest audience and tells bots apart.
  await getPerson(deps.db, client, ws, input.askerId);
  const { ask, told } = await broadcastAsk(deps, client, ws, input);
  // The matches' notices, owed with the post; one failing is logged, never reported to the asker.
  await deps.outbox.deliver(client, ws);
  await refreshHomes(deps, client, ws, [input.askerId]);
  return { ask, confirmation: postedConfirmation(ask, told) };
}
