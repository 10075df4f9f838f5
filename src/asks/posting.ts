import type { webApi } from '@slack/bolt';
import type { Deps } from '../deps.js';
import { refreshHomes } from '../home/publish.js';
import { getPerson } from '../people/lookup.js';
import { settingsFor } from '../settings/lookup.js';
import type { KnownBlock } from '../slack/blocks.js';
import { UserError } from '../slack/errors.js';
import type { Workspace } from '../slack/workspace.js';
import { startAskerDm } from './asker-dm.js';
import { postedConfirmation } from './blocks.js';
import { type AskInput, broadcastAsk } from './broadcast.js';
import { askConfirmation } from './confirmation-blocks.js';
import { holdWeakSkills, toldOf } from './held.js';
import type { Ask } from './queries.js';
import { askedBeforeLine } from './similar-blocks.js';

export class GuestsMayNotAsk extends UserError {
  constructor() {
    super(
      'guest_cannot_ask',
      "Sorry, guests can't use `/ask` in this workspace, so nothing was posted. " +
        'A member of the workspace can ask on your behalf, or an admin can allow guests to ask.',
    );
  }
}

/**
 * The whole of asking: broadcast (all or nothing), then tell the people who match.
 * Once the ask is out, nothing after it may make the asker think it failed.
 */
export async function postAsk(
  deps: Deps,
  client: webApi.WebClient,
  ws: Workspace,
  input: AskInput,
): Promise<{ ask: Ask; confirmation: string; message: { text: string; blocks: KnownBlock[] } }> {
  // The asker's cache row puts them in the digest audience and tells bots apart. On an org-wide
  // install it is the row of the workspace they act in, so each workspace decides for its guests.
  const asker = await getPerson(deps.db, client, ws, input.askerId);
  if (asker.isGuest && !(await settingsFor(deps.db, deps.env, ws)).guestsMayAsk) throw new GuestsMayNotAsk();
  const { ask: posted, told, owed, similar } = await broadcastAsk(deps, client, ws, input);
  // The matches' notices, owed with the post; one failing is logged, never reported to the asker.
  await deps.outbox.deliver(client, ws, owed);
  const ask = await holdWeakSkills(deps.db, posted);
  await startAskerDm(deps, client, ask);
  await refreshHomes(deps, client, ws, [input.askerId]);
  const confirmation = postedConfirmation(ask, told) + askedBeforeLine(similar);
  const message = askConfirmation({ lead: confirmation, ask, told: await toldOf(deps.db, ask) });
  return { ask, confirmation, message };
}
