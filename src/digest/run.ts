import { sql } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { randomKey, rowsOf } from '../db/client.js';
import type { Deps } from '../deps.js';
import type { SlackClients } from '../installations/clients.js';
import { syncMembers } from '../people/members.js';
import { type DeliveryReport, deliverDigest } from './delivery.js';
import { planDigest } from './plan.js';
import { isoWeek } from './week.js';

export interface DigestReport extends DeliveryReport {
  week: string;
  planned: number;
}

const PLAN_LOCK = 727_274_003;
const WEEK_MS = 7 * 86_400_000;

/**
 * This week's digest: plan it once (set-based), then deliver what is not yet sent. Any number of
 * runs, at once or one after another (after a crash), send each person one digest a week.
 */
export async function runDigest(
  database: Database,
  deps: Deps,
  clients: SlackClients,
  now = new Date(),
): Promise<DigestReport> {
  const { db, env, log } = deps;
  const week = isoWeek(now, env.DIGEST_TIMEZONE);
  if (env.DIGEST_AUDIENCE === 'all') {
    const known = await rowsOf<{ team_id: string; enterprise_id: string | null }>(
      db,
      sql`select distinct team_id, enterprise_id from people`,
    );
    // Installed workspaces too, so a fresh install reaches everyone from the first week.
    const teams = new Map(known.map((t) => [t.team_id, t.enterprise_id]));
    for (const ws of await clients.installed())
      if (!teams.has(ws.teamId)) teams.set(ws.teamId, ws.enterpriseId ?? null);
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
  const planned = await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${PLAN_LOCK})`);
    return planDigest(tx, {
      week,
      since: new Date(now.getTime() - WEEK_MS),
      everyone: env.DIGEST_AUDIENCE === 'all',
      askChannel: env.ASK_CHANNEL ?? null,
    });
  });
  const report = { week, planned, ...(await deliver(database, deps, clients, week)) };
  log.info(report, 'digest run finished');
  return report;
}

/** Delivers under the run's advisory lock, which tells other runs this one is alive. */
function deliver(database: Database, { db, log }: Deps, clients: SlackClients, week: string) {
  const run = randomKey();
  return database.withSessionLock(run, () => deliverDigest(db, clients, week, run, log));
}

/**
 * Finishes this week's digest without planning anything new: what a crashed or restarted run
 * left, and what Slack refused for now. Runs at start and every hour.
 */
export async function resumeDigest(
  database: Database,
  deps: Deps,
  clients: SlackClients,
  now = new Date(),
): Promise<DeliveryReport> {
  const report = await deliver(database, deps, clients, isoWeek(now, deps.env.DIGEST_TIMEZONE));
  if (report.sent || report.recovered) deps.log.info(report, 'resumed this week’s digest');
  return report;
}
