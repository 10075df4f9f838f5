import type { Db } from '../db/client.js';
import type { Env } from '../env.js';
import type { Workspace } from '../slack/workspace.js';
import { findSettings, type SettingsRow } from './queries.js';

/** What a workspace runs with: its own settings, else the environment's defaults. */
export interface Settings {
  /** Where asks are posted; null: the channel /ask is used in. */
  askChannel: string | null;
  volunteerReaction: string;
  /** Whether guests may use /ask (GUESTS_MAY_ASK unless an admin chose). */
  guestsMayAsk: boolean;
  /** Whether people may ask anonymously (allowed unless an admin turned it off). */
  anonymousAsks: boolean;
  /** Who last changed them; null while the defaults apply. */
  updatedBy: string | null;
}

// Every reaction in the workspace asks for these, so they are kept briefly per process. Another
// replica sees a change within the TTL; this one at once (remember).
const TTL_MS = 30_000;
const cache = new WeakMap<Db, Map<string, { at: number; row: Promise<SettingsRow | null> }>>();

function teamsOf(db: Db) {
  let teams = cache.get(db);
  if (!teams) {
    teams = new Map();
    cache.set(db, teams);
  }
  return teams;
}

export function effectiveSettings(env: Env, row: SettingsRow | null): Settings {
  return {
    // '' is a deliberate "where /ask is used", overriding ASK_CHANNEL; null leaves it to the environment.
    askChannel: row?.askChannel == null ? (env.ASK_CHANNEL ?? null) : row.askChannel || null,
    volunteerReaction: row?.volunteerReaction || env.VOLUNTEER_REACTION,
    guestsMayAsk: row?.guestsMayAsk ?? env.GUESTS_MAY_ASK,
    anonymousAsks: row?.anonymousAsks ?? true,
    updatedBy: row?.updatedBy ?? null,
  };
}

export async function settingsFor(db: Db, env: Env, ws: Workspace): Promise<Settings> {
  const teams = teamsOf(db);
  let hit = teams.get(ws.teamId);
  if (!hit || Date.now() - hit.at > TTL_MS) {
    const entry = { at: Date.now(), row: findSettings(db, ws) };
    teams.set(ws.teamId, entry);
    entry.row.catch(() => teams.get(ws.teamId) === entry && teams.delete(ws.teamId));
    hit = entry;
  }
  return effectiveSettings(env, await hit.row);
}

/** Replaces the cached row after a change, so a read already under way cannot put back the old one. */
export function remember(db: Db, row: SettingsRow): void {
  teamsOf(db).set(row.teamId, { at: Date.now(), row: Promise.resolve(row) });
}
