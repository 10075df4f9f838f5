import { randomUUID } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { people } from '../db/schema/index.js';
import type { Basics } from '../deps.js';
import type { Workspace } from '../slack/workspace.js';
import { insights } from './insights-queries.js';
import { talentMap } from './map-queries.js';
import {
  type Claimant,
  claimSnapshot,
  databaseNow,
  type Figures,
  readSnapshot,
  type Snapshot,
  storeSnapshot,
} from './snapshot-queries.js';

/** Counts the map and the insights now (over a million skill rows this takes a second or more). */
async function count(db: Db, ws: Workspace): Promise<Figures> {
  const [map, ins] = await Promise.all([talentMap(db, ws), insights(db, ws)]);
  return { map, insights: ins };
}

/**
 * Counts a workspace's figures under a claim and stores them; undefined when someone else holds the
 * claim. Returns what was counted even when it could not be stored (a forget-me came in between).
 */
export async function buildSnapshot(
  deps: Basics,
  ws: Workspace,
  by: Claimant,
): Promise<(Snapshot<Figures> & { stored: boolean }) | undefined> {
  const token = randomUUID();
  if (!(await claimSnapshot(deps.db, ws, token, by))) return undefined;
  const builtAt = await databaseNow(deps.db);
  const figures = await count(deps.db, ws);
  const stored = await storeSnapshot(deps.db, ws, token, builtAt, figures);
  if (!stored) deps.log.info({ teamId: ws.teamId }, 'a talent snapshot was overtaken (a forget-me) and not stored');
  return { figures, builtAt, stored };
}

/** Readers who found no snapshot, per workspace: they share one count instead of each starting their own. */
const counting = new Map<string, Promise<Snapshot<Figures>>>();

/** The figures when there are none yet (or an admin wants them now): counted on demand, and stored. */
function countNow(deps: Basics, ws: Workspace, by: 'reader' | 'admin'): Promise<Snapshot<Figures>> {
  const key = `${ws.teamId}:${by}`;
  const running = counting.get(key);
  if (running) return running;
  const work = (async () => {
    const built = await buildSnapshot(deps, ws, by);
    if (built) return built;
    // Someone stored figures between our read and our claim.
    const map = await readSnapshot(deps.db, ws, 'map');
    const ins = await readSnapshot(deps.db, ws, 'insights');
    if (map && ins) return { figures: { map: map.figures, insights: ins.figures }, builtAt: map.builtAt };
    return { figures: await count(deps.db, ws), builtAt: await databaseNow(deps.db) };
  })().finally(() => counting.delete(key));
  counting.set(key, work);
  return work;
}

/**
 * The workspace's figures of one kind, from its snapshot (one row) or, when it has none yet or an admin
 * asks for `fresh` ones, counted now. People who since hid their history or left the spotlight are
 * taken out of the names at once; everything else waits for the next build (a few minutes).
 */
export async function figures<K extends keyof Figures>(
  deps: Basics,
  ws: Workspace,
  kind: K,
  { fresh = false } = {},
): Promise<Snapshot<Figures[K]>> {
  const kept = fresh ? undefined : await readSnapshot(deps.db, ws, kind);
  const found = kept ?? (await countNow(deps, ws, fresh ? 'admin' : 'reader'));
  const snapshot = kept ?? { figures: (found.figures as Figures)[kind], builtAt: found.builtAt };
  return { ...snapshot, figures: await stillNamed(deps.db, ws, kind, snapshot.figures) };
}

/** Drops from the figures the names of people who no longer allow them to be shown. */
async function stillNamed<K extends keyof Figures>(db: Db, ws: Workspace, kind: K, f: Figures[K]): Promise<Figures[K]> {
  const named =
    kind === 'map'
      ? (f as Figures['map']).hidden.flatMap((h) => h.named)
      : (f as Figures['insights']).topHelpers.map((h) => h.userId);
  if (named.length === 0) return f;
  const rows = await db
    .select({ userId: people.userId, spotlight: people.spotlight, hidden: people.historyHidden, left: people.deleted })
    .from(people)
    .where(and(eq(people.teamId, ws.teamId), inArray(people.userId, [...new Set(named)])));
  const who = new Map(rows.map((r) => [r.userId, r]));
  if (kind === 'map') {
    const map = f as Figures['map'];
    const ok = (u: string) => who.get(u)?.spotlight === true;
    return { ...map, hidden: map.hidden.map((h) => ({ ...h, named: h.named.filter(ok) })) } as Figures[K];
  }
  const ins = f as Figures['insights'];
  // As the insights count them: a helper with no people row is shown, one who hid their history or left is not.
  const ok = (u: string) => !(who.get(u)?.hidden || who.get(u)?.left);
  return { ...ins, topHelpers: ins.topHelpers.filter((h) => ok(h.userId)) } as Figures[K];
}
