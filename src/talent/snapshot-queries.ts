// Raw SQL for the claim (an upsert whose update is conditional on the row it meets) and for reading the
// database's clock; tables and columns are named through the schema objects.
import { and, eq, sql } from 'drizzle-orm';
import { type Db, rowsOf } from '../db/client.js';
import { talentSnapshots } from '../db/schema/index.js';
import type { Workspace } from '../slack/workspace.js';
import type { Insights } from './insights-queries.js';
import type { TalentMap } from './map-queries.js';

/**
 * What a snapshot row holds: `figures` once built; while a build is under way, the `token` of the
 * builder that claimed it and when (a placeholder row has only those). A build is stored only if its
 * token is still on the row, so a build that a forget-me overtook (it deletes the rows) is never stored.
 */
interface SnapshotData<T> {
  figures?: T;
  token?: string;
  claimedAt?: string;
}

export interface Figures {
  map: TalentMap;
  insights: Insights;
}

export interface Snapshot<T> {
  figures: T;
  builtAt: Date;
}

/** A claim older than this is a builder that died: another may take the row. */
export const CLAIM_LEASE_MINUTES = 5;

const t = talentSnapshots;
const row = (ws: Workspace, kind: keyof Figures) => and(eq(t.teamId, ws.teamId), eq(t.kind, kind));

export async function readSnapshot<K extends keyof Figures>(
  db: Db,
  ws: Workspace,
  kind: K,
): Promise<Snapshot<Figures[K]> | undefined> {
  const [found] = await db.select({ data: t.data, builtAt: t.builtAt }).from(t).where(row(ws, kind));
  const figures = (found?.data as SnapshotData<Figures[K]> | undefined)?.figures;
  return found && figures ? { figures, builtAt: found.builtAt } : undefined;
}

/** The database's clock: a build is as of when its counting began, on the same clock as the rows it counts. */
export async function databaseNow(db: Db): Promise<Date> {
  const [r] = await rowsOf<{ now: Date | string }>(db, sql`select now() as now`);
  return new Date(r!.now);
}

/**
 * Who claims a build: the job, with the built_at it read (`seen`, null when there was no row), so of two
 * jobs that read the same row only one claims it, and never a row another build refreshed meanwhile; a
 * reader waiting for figures that are not there yet (it takes a placeholder whoever holds it); or an
 * admin asking for a fresh count (always).
 */
export type Claimant = { seen: Date | null } | 'reader' | 'admin';

/** Claims the workspace's map row for a build under `token`; false when someone else has it. */
export async function claimSnapshot(db: Db, ws: Workspace, token: string, by: Claimant): Promise<boolean> {
  const claim = { token, claimedAt: new Date().toISOString() };
  const lapsed = sql`coalesce((${t.data}->>'claimedAt')::timestamptz, '-infinity')
    < now() - make_interval(mins => ${CLAIM_LEASE_MINUTES})`;
  const when =
    by === 'admin'
      ? sql`true`
      : by === 'reader'
        ? sql`${t.data}->'figures' is null`
        : by.seen
          ? sql`${t.builtAt} = ${by.seen.toISOString()}::timestamptz and ${lapsed}`
          : sql`false`;
  const claimed = await db
    .insert(t)
    .values({
      teamId: ws.teamId,
      enterpriseId: ws.enterpriseId ?? null,
      kind: 'map',
      data: claim,
      builtAt: new Date(0),
    })
    .onConflictDoUpdate({ target: [t.teamId, t.kind], set: { data: sql`${t.data} || excluded.data` }, where: when })
    .returning({ teamId: t.teamId });
  return claimed.length > 0;
}

/**
 * Stores a build if its claim still holds: the map row in place of the claim, and the insights row
 * beside it, in one transaction. A forget-me deletes the rows under the same row lock, so it either
 * comes first (nothing stored) or deletes what was stored.
 */
export async function storeSnapshot(
  db: Db,
  ws: Workspace,
  token: string,
  builtAt: Date,
  figures: Figures,
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const stored = await tx
      .update(t)
      .set({ data: { figures: figures.map }, builtAt })
      .where(and(row(ws, 'map'), sql`${t.data}->>'token' = ${token}`))
      .returning({ teamId: t.teamId });
    if (stored.length === 0) return false;
    const insights = { data: { figures: figures.insights }, builtAt };
    await tx
      .insert(t)
      .values({ teamId: ws.teamId, enterpriseId: ws.enterpriseId ?? null, kind: 'insights', ...insights })
      .onConflictDoUpdate({ target: [t.teamId, t.kind], set: insights });
    return true;
  });
}

/**
 * In a forget-me's transaction: the workspace's snapshots name people (hidden talents, top helpers) and
 * count them, so they go at once; the next read counts again without the forgotten person.
 */
export async function dropSnapshots(tx: Db, ws: Workspace): Promise<void> {
  await tx.delete(t).where(eq(t.teamId, ws.teamId));
}
