import type { webApi } from '@slack/bolt';
import type { Db } from '../db/client.js';
import type { Workspace } from '../slack/workspace.js';
import { findFreshPerson, type NewPerson, type Person, upsertPerson } from './queries.js';

type SlackUser = NonNullable<webApi.UsersInfoResponse['user']>;
const MAX_AGE_HOURS = 24;

export function personFromSlack(ws: Workspace, user: SlackUser): NewPerson {
  return {
    teamId: ws.teamId,
    enterpriseId: ws.enterpriseId ?? null,
    userId: user.id!,
    name: user.profile?.display_name || user.real_name || user.name || user.id!,
    realName: user.real_name ?? null,
    tz: user.tz ?? null,
    isBot: Boolean(user.is_bot || user.is_app_user || user.id === 'USLACKBOT'),
    isAdmin: Boolean(user.is_admin || user.is_owner || user.is_primary_owner),
    deleted: Boolean(user.deleted),
  };
}

/** The person from the cache, or from users.info when unknown or stale. */
export async function getPerson(db: Db, client: webApi.WebClient, ws: Workspace, userId: string): Promise<Person> {
  const cached = await findFreshPerson(db, ws, userId, MAX_AGE_HOURS);
  return cached ?? refreshPerson(db, client, ws, userId);
}

/** The person as Slack says now, for decisions a stale cache must not make (an admin since demoted). */
export async function refreshPerson(db: Db, client: webApi.WebClient, ws: Workspace, userId: string): Promise<Person> {
  const { user } = await client.users.info({ user: userId });
  if (!user?.id) throw new Error(`users.info returned no user for ${userId}`);
  return upsertPerson(db, personFromSlack(ws, user));
}
