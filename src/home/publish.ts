import type { webApi } from '@slack/bolt';
import type { Deps } from '../deps.js';
import { getPerson } from '../people/lookup.js';
import { settingsFor } from '../settings/lookup.js';
import { helpingHome } from '../skills/home.js';
import { listSkills } from '../skills/queries.js';
import type { Workspace } from '../slack/workspace.js';
import { talentHome } from '../talent/home.js';
import { HELPING_LIST_MAX, HOME_LIST_MAX, homeView } from './blocks.js';
import { asksForMe, hasOpenedHome, helpingWith, myAsks } from './queries.js';

export async function publishHome(deps: Deps, client: webApi.WebClient, ws: Workspace, userId: string): Promise<void> {
  const { db, env } = deps;
  const [skills, mine, forMe, person, helping, helpingWithAsks] = await Promise.all([
    listSkills(db, ws, userId),
    myAsks(db, ws, userId, HOME_LIST_MAX),
    asksForMe(db, ws, userId, HOME_LIST_MAX),
    getPerson(db, client, ws, userId),
    helpingHome(db, env, ws, userId),
    helpingWith(db, ws, userId, HELPING_LIST_MAX),
  ]);
  const settings = person.isAdmin ? await settingsFor(db, env, ws) : undefined;
  const talent = await talentHome(deps, client, ws, person);
  await client.views.publish({
    user_id: userId,
    view: homeView({
      skills,
      mine,
      forMe,
      helpingWith: helpingWithAsks,
      userId,
      settings,
      talent,
      helping,
      digestPausedUntil: person.digestPausedUntil,
    }),
  });
}

/**
 * Brings the Home tab up to date after a change, for each person who uses theirs. Best effort:
 * a Home tab that fails to refresh never fails the change that caused it.
 */
export async function refreshHomes(
  deps: Deps,
  client: webApi.WebClient,
  ws: Workspace,
  userIds: string[],
): Promise<void> {
  for (const userId of new Set(userIds)) {
    try {
      if (await hasOpenedHome(deps.db, ws, userId)) await publishHome(deps, client, ws, userId);
    } catch (err) {
      deps.log.warn({ err, teamId: ws.teamId, userId }, 'could not refresh a Home tab');
    }
  }
}
