// Raw SQL here only for the advisory lock that keeps planning to one run at a time: a function
// call on no table, which the query builder has no words for.
import { sql } from 'drizzle-orm';
import type { Database, Db } from '../db/client.js';
import { randomKey } from '../db/client.js';
import type { Basics } from '../deps.js';
import type { Env } from '../env.js';
import type { SlackClients } from '../installations/clients.js';
import type { Logger } from '../logger.js';
import { syncMembers } from '../people/members.js';
import { digestProgress } from '../runtime/metrics.js';
import { type DeliveryReport, deliverDigest } from './delivery.js';
import { planDigest } from './plan.js';
import { type DigestProgress, progressFigures } from './progress.js';
import { knownWorkspaces } from './queries.js';
import { isoWeek } from './week.js';

export interface DigestReport extends DeliveryReport {
  week: string;
  planned: number;
}

export interface RunOptions {
  /** Told each time a figure changes. Without it, the figures are logged every DIGEST_PROGRESS_INTERVAL_MS. */
  onProgress?: (progress: DigestProgress) => void;
}

const PLAN_LOCK = 727_274_003;
const WEEK_MS = 7 * 86_400_000;

/**
 * This week's digest: plan it once (set-based), then deliver what is not yet sent. Any number of
 * runs, at once or one after another (after a crash), send each person one digest a week.
 */
export async function runDigest(
  database: Database,
  deps: Basics,
  clients: SlackClients,
  now = new Date(),
  options: RunOptions = {},
): Promise<DigestReport> {
  const { db, env, log } = deps;
  const week = isoWeek(now, env.DIGEST_TIMEZONE);
  const progress = watch(deps, options);
  try {
    progress.tell({ week, planned: null });
    if (env.DIGEST_AUDIENCE === 'all') await reachEveryone(deps, clients);
    const planned = await planWeek(db, env, week, now);
    progress.tell({ week, planned });
    const delivered = await deliver(database, deps, clients, week, (p) => progress.tell({ week, planned, ...p }));
    const report = { week, planned, ...delivered };
    log.info(report, 'digest run finished');
    return report;
  } finally {
    progress.stop();
  }
}

/** Knows everyone in every workspace before planning, so a fresh install reaches all from its first week. */
async function reachEveryone({ db, log }: Basics, clients: SlackClients) {
  const teams = new Map((await knownWorkspaces(db)).map((t) => [t.teamId, t.enterpriseId]));
  for (const ws of await clients.installed()) if (!teams.has(ws.teamId)) teams.set(ws.teamId, ws.enterpriseId ?? null);
  for (const [teamId, enterpriseId] of teams) {
    // One workspace's trouble (a revoked token, say) must not cost the others their digest.
    await clients
      .forWorkspace({ teamId, enterpriseId })
      .then((client) => client && syncMembers(db, client, { teamId, enterpriseId }))
      .catch((err: unknown) =>
        log.warn({ err, teamId }, 'could not list a workspace’s members; its digest goes to those already known'),
      );
  }
}

/** Plans the week, one run at a time; returns how many digests this call planned. */
export function planWeek(db: Db, env: Env, week: string, now: Date): Promise<number> {
  return db.transaction(async (tx) => {
    // The connection's 5 s statement limit suits requests; planning a very large workspace's week
    // (and waiting for another replica's plan) may take longer.
    await tx.execute(sql`set local statement_timeout = '5min'`);
    await tx.execute(sql`select pg_advisory_xact_lock(${PLAN_LOCK})`);
    return planDigest(tx, {
      week,
      since: new Date(now.getTime() - WEEK_MS),
      everyone: env.DIGEST_AUDIENCE === 'all',
      askChannel: env.ASK_CHANNEL ?? null,
    });
  });
}

/** Delivers under the run's advisory lock, which tells other runs this one is alive. */
function deliver(
  database: Database,
  { db, log }: Basics,
  clients: SlackClients,
  week: string,
  onProgress?: (p: Omit<DigestProgress, 'week' | 'planned'>) => void,
) {
  const run = randomKey();
  return database.withSessionLock(run, () => deliverDigest(db, clients, { week, run, log, onProgress }));
}

/** The caller's progress callback, or else a JSON log line of the latest figures every interval. */
function watch({ env, log }: Basics, options: RunOptions) {
  const watcher = options.onProgress
    ? { tell: options.onProgress, stop: () => {} }
    : logEvery(log, env.DIGEST_PROGRESS_INTERVAL_MS);
  // The same figures for /metrics (in the bot; a CLI run has no /metrics to serve them).
  const tell = (p: DigestProgress) => {
    digestProgress(p);
    watcher.tell(p);
  };
  return { tell, stop: watcher.stop };
}

function logEvery(log: Logger, ms: number) {
  let latest: DigestProgress | undefined;
  const timer = setInterval(() => {
    if (latest) log.info(progressFigures(latest, Date.now()), 'digest progress');
  }, ms);
  timer.unref();
  return {
    tell: (p: DigestProgress) => {
      latest = p;
    },
    stop: () => clearInterval(timer),
  };
}

/**
 * Finishes this week's digest without planning anything new: what a crashed or restarted run
 * left, and what Slack refused for now. Runs at start and every hour.
 */
export async function resumeDigest(
  database: Database,
  deps: Basics,
  clients: SlackClients,
  now = new Date(),
): Promise<DeliveryReport> {
  const week = isoWeek(now, deps.env.DIGEST_TIMEZONE);
  const progress = logEvery(deps.log, deps.env.DIGEST_PROGRESS_INTERVAL_MS);
  try {
    const report = await deliver(database, deps, clients, week, (p) => progress.tell({ week, planned: 0, ...p }));
    if (report.sent || report.recovered) deps.log.info(report, 'resumed this week’s digest');
    return report;
  } finally {
    progress.stop();
  }
}
