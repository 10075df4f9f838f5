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
  /** When a query last brought it up to date: one left longer than IDLE_MS is dropped. */
  usedAt: number;
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
  const index = new TeamIndex(loaded.unseen);
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

function startLoading(store: Store, root: Db, teamId: string): Entry {
  const loading = load(root, teamId);
  const created: Entry = { loading, usedAt: Date.now() };
  store.teams.set(teamId, created);
  loading.then(
    (index) => {
      created.index = index;
    },
    // a failed load is tried again by the next query
    () => store.teams.get(teamId) === created && store.teams.delete(teamId),
  );
  return created;
}

/**
 * The workspace's match index, brought up to date with every change committed before this call, or
 * undefined when the caller should rank in SQL: while a workspace's index is loading (the query that
 * starts the load waits a moment for it), or in a transaction that changed skills itself or reads an
 * older snapshot (see changesSince), or when another query brought it up to date meanwhile.
 */
export async function matchIndex(db: Db, teamId: string): Promise<TeamIndex | undefined> {
  const store = storeOf(db);
  const root = store.root;
  if (!root) return undefined;
  const now = Date.now();
  for (const [team, e] of store.teams) if (now - e.usedAt > IDLE_MS) store.teams.delete(team);
  const existing = store.teams.get(teamId);
  const entry = existing ?? startLoading(store, root, teamId);
  const index = entry.index ?? (existing ? undefined : await waitUpTo(LOAD_WAIT_MS, entry.loading).catch(() => {}));
  if (!index) return undefined;
  // Reads may run side by side (a queue would deadlock: one waiting for a pool connection that a
  // transaction queued behind it holds). Each read covers everything from the state it started from,
  // so the first to finish is applied, and a read that started from an older state is not.
  const from = index.unseen;
  const changes = await changesSince(db, teamId, from);
  if (changes === 'reload') {
    if (store.teams.get(teamId) === entry) startLoading(store, root, teamId);
    return undefined;
  }
  if (!changes) return undefined;
  if (index.unseen !== from) return undefined;
  for (const c of changes.changed) index.change(c.userId, c.unmatchable, c.held);
  index.unseen = changes.unseen;
  entry.usedAt = now;
  return index;
}
