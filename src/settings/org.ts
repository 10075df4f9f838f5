// Enterprise Grid: the org-wide setting that lets an ask reach people in the org's other workspaces.
// The org's row in workspace_settings is keyed by its enterprise id, so an org-wide uninstall, which
// deletes every workspace of the enterprise it finds there, takes it too.
import { sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { type Db, rowsOf } from '../db/client.js';
import { personSkills, workspaceSettings } from '../db/schema/index.js';
import type { Workspace } from '../slack/workspace.js';
import { findSettings } from './queries.js';

/** The org's own settings, as a workspace of the enterprise. */
const orgOf = (enterpriseId: string): Workspace => ({ teamId: enterpriseId, enterpriseId });

// Every ask reads these: kept briefly per process, as the workspace settings are.
const TTL_MS = 30_000;
const cache = new WeakMap<Db, Map<string, { at: number; value: Promise<unknown> }>>();

function cached<T>(db: Db, key: string, load: () => Promise<T>): Promise<T> {
  const entries = cache.get(db) ?? new Map<string, { at: number; value: Promise<unknown> }>();
  cache.set(db, entries);
  const hit = entries.get(key);
  if (hit && Date.now() - hit.at <= TTL_MS) return hit.value as Promise<T>;
  const entry = { at: Date.now(), value: load() };
  entries.set(key, entry);
  entry.value.catch(() => entries.get(key) === entry && entries.delete(key));
  return entry.value;
}

/** Whether an org admin turned matching across the org's workspaces on (off unless they did). */
export async function orgMatchingOn(db: Db, enterpriseId: string): Promise<boolean> {
  return cached(db, `on:${enterpriseId}`, async () =>
    Boolean((await findSettings(db, orgOf(enterpriseId)))?.crossWorkspaceMatching),
  );
}

export async function saveOrgMatching(db: Db, enterpriseId: string, on: boolean, updatedBy: string): Promise<void> {
  await db
    .insert(workspaceSettings)
    .values({ ...orgOf(enterpriseId), crossWorkspaceMatching: on, updatedBy })
    .onConflictDoUpdate({
      target: workspaceSettings.teamId,
      set: { crossWorkspaceMatching: on, updatedBy, updatedAt: sql`now()` },
    });
  cache.get(db)?.delete(`on:${enterpriseId}`);
}

/**
 * The workspaces of an org where someone declared a skill: a loose index scan of person_skills'
 * primary key (one probe per workspace, not a read of every row), each kept if it is the org's.
 */
async function orgWorkspaces(db: Db, enterpriseId: string): Promise<string[]> {
  const ps = alias(personSkills, 'ps');
  const rows = await rowsOf<{ team_id: string }>(
    db,
    sql`with recursive teams(team_id) as (
          select min(${personSkills.teamId}) from ${personSkills}
          union all
          select (select min(${ps.teamId}) from ${personSkills} ${ps} where ${ps.teamId} > teams.team_id)
          from teams where teams.team_id is not null
        )
        select team_id from teams
        where team_id is not null and (
          select ${ps.enterpriseId} from ${personSkills} ${ps} where ${ps.teamId} = teams.team_id limit 1
        ) = ${enterpriseId}`,
  );
  return rows.map((r) => r.team_id);
}

/**
 * Where an ask may find its matches: its own workspace, or, when the org matches across its
 * workspaces, every workspace of the org (its own first). A private channel's ask never leaves it.
 */
export async function matchingScope(db: Db, ask: Workspace & { isPrivate?: boolean }): Promise<string[]> {
  const own = [ask.teamId];
  if (!ask.enterpriseId || ask.isPrivate || !(await orgMatchingOn(db, ask.enterpriseId))) return own;
  const enterpriseId = ask.enterpriseId;
  const teams = await cached(db, `teams:${enterpriseId}`, () => orgWorkspaces(db, enterpriseId));
  return [...own, ...teams.filter((t) => t !== ask.teamId)];
}
