import { PgTransaction } from 'drizzle-orm/pg-core';
import type { Db } from '../db/client.js';
import { TeamIndex } from './match-index.js';
import { changesSince, loadTeam } from './match-index-queries.js';

/** A first query waits this long for its workspace's index; a bigger one loads on while SQL ranks. */
const LOAD_WAIT_MS = 250;
/** An index unused this long is dropped (change rows are kept an hour: see pruneSkillChanges). */
const IDLE_MS = 30 * 60_000;

interface Entry {
  loading: Promise<TeamIndex>;
  index?: TeamIndex;
  usedAt: number;
  /** Reads of skill_changes, one at a time: applied out of order, an older read would undo a newer. */
  syncing: Promise<unknown>;
}

interface Store {
  /** The database itself, not a transaction on it: indexes load through it. */
  root?: Db;
  teams: Map<string, Entry>;
}

// One store per database connection (tests and replicas in one process each have their own). A
// transaction shares its database's relational schema object, so both find the same store by it.
const stores = new WeakMap<object, Store>();

function storeOf(db: Db): Store {
  const key = (db._.schema as object | undefined) ?? db;
  const store: Store = stores.get(key) ?? { teams: new Map() };
  stores.set(key, store);
  if (!(db instanceof PgTransaction)) store.root ??= db;
  return store;
}

/** Lets matching in transactions on this database use match indexes before any query outside one has. */
export function useMatchIndexes(db: Db): void {
  storeOf(db);
}

async function load(db: Db, teamId: string): Promise<TeamIndex> {
  const loaded = await loadTeam(db, teamId);
  const index = new TeamIndex(teamId, loaded.unseen);
  index.setBase(loaded.groups, loaded.unmatchable);
  return index;
}

function waitUpTo<T>(ms: number, work: Promise<T>): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
    timer.unref();
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

/**
 * The workspace's match index, brought up to date with every change committed before this call, or
 * undefined when the caller should rank in SQL: while a big workspace's index is still loading, or in
 * a transaction that changed skills itself or reads an older snapshot (see changesSince).
 */
export async function matchIndex(db: Db, teamId: string): Promise<TeamIndex | undefined> {
  const store = storeOf(db);
  const root = store.root;
  if (!root) return undefined;
  const now = Date.now();
  for (const [team, e] of store.teams) if (now - e.usedAt > IDLE_MS) store.teams.delete(team);
  let entry = store.teams.get(teamId);
  if (!entry) {
    const loading = load(root, teamId);
    const created: Entry = { loading, usedAt: now, syncing: Promise.resolve() };
    entry = created;
    store.teams.set(teamId, created);
    loading.then(
      (index) => {
        created.index = index;
      },
      // a failed load is tried again by the next query
      () => store.teams.get(teamId) === created && store.teams.delete(teamId),
    );
  }
  entry.usedAt = now;
  const index = entry.index ?? (await waitUpTo(LOAD_WAIT_MS, entry.loading).catch(() => undefined));
  if (!index) return undefined;
  const loaded = entry;
  const sync = entry.syncing.then(async () => {
    const changes = await changesSince(db, teamId, index.unseen);
    if (changes === 'reload' && store.teams.get(teamId) === loaded) store.teams.delete(teamId);
    if (!changes || changes === 'reload') return false;
    for (const c of changes.changed) index.change(c.userId, c.unmatchable, c.held);
    index.unseen = changes.unseen;
    return true;
  });
  entry.syncing = sync.catch(() => {});
  return (await sync) ? index : undefined;
}
