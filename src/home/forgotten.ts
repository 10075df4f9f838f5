import type { webApi } from '@slack/bolt';
import type { Deps } from '../deps.js';
import type { Workspace } from '../slack/workspace.js';
import { forgottenView } from './blocks.js';

/**
 * Replaces a forgotten person's Home tab with one that shows nothing of theirs. Not through
 * publishHome, which would look them up in Slack and so store them again. Best effort.
 */
export async function forgottenHome(deps: Deps, client: webApi.WebClient, ws: Workspace, userId: string) {
  await client.views.publish({ user_id: userId, view: forgottenView() }).catch((err: unknown) => {
    deps.log.warn({ err, teamId: ws.teamId, userId }, 'could not clear a forgotten person’s Home tab');
  });
}
