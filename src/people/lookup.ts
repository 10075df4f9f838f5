import type { webApi } from '@slack/bolt';
import type { Db } from '../db/client.js';
import type { Workspace } from '../slack/workspace.js';
import { findFreshPerson, forgottenAmong, type NewPerson, type Person, unforget, upsertPerson } from './queries.js';

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
    // Multi-channel (restricted) and single-channel (ultra restricted) guests.
    isGuest: Boolean(user.is_restricted || user.is_ultra_restricted),
    deleted: Boolean(user.deleted),
    // Kept for the talent map's hidden talents: skills their job title doesn't suggest.
    title: user.profile?.title?.trim() || null,
  };
}

/**
 * Who is looking someone up: the person themselves, acting (a command, a button, their Home tab),
 * or someone else asking about them. Only acting brings back someone who asked to be forgotten.
 */
export interface LookupOptions {
  acting?: boolean;
}

/** The person from the cache, or from users.info when unknown or stale. */
export async function getPerson(
  db: Db,
  client: webApi.WebClient,
  ws: Workspace,
  userId: string,
  options: LookupOptions = {},
): Promise<Person> {
  const [cached, forgotten] = await Promise.all([
    findFreshPerson(db, ws, userId, MAX_AGE_HOURS),
    forgottenAmong(db, ws, [userId]),
  ]);
  if (cached && forgotten.size === 0) return cached;
  return refreshPerson(db, client, ws, userId, options);
}

/** The person as Slack says now, for decisions a stale cache must not make (an admin since demoted). */
export async function refreshPerson(
  db: Db,
  client: webApi.WebClient,
  ws: Workspace,
  userId: string,
  { acting = true }: LookupOptions = {},
): Promise<Person> {
  const { user } = await client.users.info({ user: userId });
  if (!user?.id) throw new Error(`users.info returned no user for ${userId}`);
  const person = personFromSlack(ws, user);
  if ((await forgottenAmong(db, ws, [userId])).size === 0) return upsertPerson(db, person);
  // Looked up by someone else: answered from Slack, nothing stored about them.
  if (!acting) return { ...unstored, ...person } as Person;
  return db.transaction(async (tx) => {
    await unforget(tx, ws, userId);
    return upsertPerson(tx, person);
  });
}

const unstored = {
  enterpriseId: null,
  realName: null,
  tz: null,
  isBot: false,
  isAdmin: false,
  isGuest: false,
  deleted: false,
  digestOptOut: false,
  homeOpenedAt: null,
  refreshedAt: new Date(0),
} satisfies Partial<Person>;
