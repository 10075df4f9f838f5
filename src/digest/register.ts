import type { App, BlockButtonAction } from '@slack/bolt';
import type { Deps } from '../deps.js';
import { getPerson } from '../people/lookup.js';
import { ACTIONS } from '../slack/ids.js';
import { workspaceOf } from '../slack/workspace.js';
import { setDigestOptOut } from './preferences.js';

export function register(app: App, deps: Deps): void {
  app.action<BlockButtonAction>(ACTIONS.stopDigest, async ({ ack, body, client, context, respond }) => {
    await ack();
    const ws = workspaceOf({ context, body });
    await getPerson(deps.db, client, ws, body.user.id);
    await setDigestOptOut(deps.db, ws, body.user.id, true);
    await respond({
      response_type: 'ephemeral',
      replace_original: false,
      text: "You won't get the weekly digest any more. `/skills digest on` brings it back.",
    });
  });
}
