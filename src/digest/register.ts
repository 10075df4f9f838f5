import type { App, BlockButtonAction } from '@slack/bolt';
import type { Deps } from '../deps.js';
import { publishHome } from '../home/publish.js';
import { getPerson } from '../people/lookup.js';
import { slackDate } from '../slack/dates.js';
import { ACTIONS } from '../slack/ids.js';
import { workspaceOf } from '../slack/workspace.js';
import { DIGEST_PAUSE_DAYS, pauseDigest, setDigestOptOut } from './preferences.js';

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

  app.action<BlockButtonAction>(ACTIONS.pauseDigest, async ({ ack, body, client, context, respond }) => {
    await ack();
    const ws = workspaceOf({ context, body });
    await getPerson(deps.db, client, ws, body.user.id);
    const until = new Date(Date.now() + DIGEST_PAUSE_DAYS * 86_400_000);
    await pauseDigest(deps.db, ws, body.user.id, until);
    await respond({
      response_type: 'ephemeral',
      replace_original: false,
      text: `Your weekly digest is paused until ${slackDate(until)}. Your Home tab can resume it sooner.`,
    });
  });

  // On the Home tab while paused: the next weekly run includes them again.
  app.action<BlockButtonAction>(ACTIONS.resumeDigest, async ({ ack, body, client, context }) => {
    await ack();
    const ws = workspaceOf({ context, body });
    await pauseDigest(deps.db, ws, body.user.id, null);
    await publishHome(deps, client, ws, body.user.id);
  });
}
