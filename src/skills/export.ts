import type { webApi } from '@slack/bolt';
import type { Deps } from '../deps.js';
import type { Workspace } from '../slack/workspace.js';
import { personalData } from './export-queries.js';

export const EXPORT_FILENAME = 'who-can-help-my-data.json';

/**
 * DMs the person everything stored about them as a JSON file (files.uploadV2: an upload URL, the
 * bytes, then completing the upload into their DM). Nothing is looked up in Slack first, so
 * exporting never stores anything new about them.
 */
export async function sendExport(deps: Deps, client: webApi.WebClient, ws: Workspace, userId: string): Promise<void> {
  const data = { exportedAt: new Date().toISOString(), ...(await personalData(deps.db, ws, userId)) };
  const dm = await client.conversations.open({ users: userId });
  await client.files.uploadV2({
    channel_id: dm.channel!.id!,
    filename: EXPORT_FILENAME,
    title: 'Your data in Who Can Help',
    content: `${JSON.stringify(data, null, 2)}\n`,
    initial_comment: 'Here is everything I hold about you in this workspace. `/skills forget me` erases it.',
  });
}
