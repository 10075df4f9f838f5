// Raw SQL: which workspaces' talent snapshots are due (a union of snapshot rows and installations, and
// exists probes for changes since each was built). Tables and columns are named through the schema objects.
import { type AnyColumn, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { type Db, rowsOf } from '../db/client.js';
import {
  asks,
  credits,
  installations,
  people,
  personSkills,
  talentSnapshots,
  volunteers,
  workspaceUninstalls,
} from '../db/schema/index.js';
import type { Basics } from '../deps.js';
import { CLAIM_LEASE_MINUTES } from '../talent/snapshot-queries.js';
import { buildSnapshot } from '../talent/snapshots.js';

/** A snapshot is rebuilt this long after it was built, changed or not (a removed skill leaves no trace to see). */
export const SNAPSHOT_MAX_AGE_MINUTES = 15;
/** A changed workspace waits at least this long between builds: a busy one is not counted at every tick. */
const REBUILD_AFTER_CHANGE_MINUTES = 1;
/** Bounded work per tick: the stalest first, the rest at the next tick. */
const BUILDS_PER_TICK = 10;
const TICK_BUDGET_MS = 60_000;

const s = alias(talentSnapshots, 's');
const i = alias(installations, 'i');
const u = alias(workspaceUninstalls, 'u');

interface Due {
  teamId: string;
  enterpriseId: string | null;
  builtAt: Date | null;
}

/**
 * Workspaces whose snapshot is due: none yet (an installed workspace), older than
 * SNAPSHOT_MAX_AGE_MINUTES, or changed since it was built (a skill added or set aside, a person
 * refreshed from Slack, an ask, a volunteer, a credit). A workspace has a snapshot row once its map is
 * read, so one nobody looks at is never counted. Rows another builder has claimed are left alone.
 */
function dueWorkspaces(db: Db, limit: number, at: Date | undefined): Promise<Due[]> {
  const now = at ? sql`${at.toISOString()}::timestamptz` : sql`now()`;
  const since = (at: AnyColumn) => sql`coalesce(${at}, '-infinity'::timestamptz) > c.built_at`;
  return rowsOf<Due>(
    db,
    sql`with c as (
          select ${s.teamId} as team_id, ${s.enterpriseId} as enterprise_id, ${s.builtAt} as built_at, ${s.data} as data
          from ${talentSnapshots} ${s} where ${s.kind} = 'map'
          union all
          select distinct ${i.teamId}, ${i.enterpriseId}, null::timestamptz, null::jsonb from ${installations} ${i}
          where ${i.teamId} is not null
            and not exists (select 1 from ${talentSnapshots} ${s}
                            where ${s.teamId} = ${i.teamId} and ${s.kind} = 'map'))
        select c.team_id as "teamId", c.enterprise_id as "enterpriseId", c.built_at as "builtAt" from c
        where not exists (select 1 from ${workspaceUninstalls} ${u} where ${u.teamId} = c.team_id)
          and coalesce((c.data->>'claimedAt')::timestamptz, '-infinity')
              < now() - make_interval(mins => ${CLAIM_LEASE_MINUTES})
          and (c.built_at is null
               or c.built_at < ${now} - make_interval(mins => ${SNAPSHOT_MAX_AGE_MINUTES})
               or (c.built_at < ${now} - make_interval(mins => ${REBUILD_AFTER_CHANGE_MINUTES}) and (
                 exists (select 1 from ${asks} where ${asks.teamId} = c.team_id and (${since(asks.createdAt)}
                         or ${since(asks.editedAt)} or ${since(asks.resolvedAt)}))
                 or exists (select 1 from ${volunteers} where ${volunteers.teamId} = c.team_id
                            and ${since(volunteers.createdAt)})
                 or exists (select 1 from ${credits} where ${credits.teamId} = c.team_id
                            and ${since(credits.createdAt)})
                 or exists (select 1 from ${people} where ${people.teamId} = c.team_id and ${since(people.refreshedAt)})
                 or exists (select 1 from ${personSkills} where ${personSkills.teamId} = c.team_id
                            and (${since(personSkills.createdAt)} or ${since(personSkills.mutedAt)})))))
        order by c.built_at nulls first
        limit ${limit}`,
  );
}

/**
 * The scheduled refresh of talent snapshots: at most BUILDS_PER_TICK builds and about TICK_BUDGET_MS
 * of work per tick. Each build is claimed first (see claimSnapshot), so however many replicas run
 * this at once, a workspace is counted once per tick. Returns the workspaces counted. `at`: the
 * moment to judge ages by (tests run it minutes ahead).
 */
export async function refreshTalentSnapshots(
  deps: Basics,
  { limit = BUILDS_PER_TICK, at }: { limit?: number; at?: Date } = {},
): Promise<string[]> {
  const started = Date.now();
  const built: string[] = [];
  for (const due of await dueWorkspaces(deps.db, limit, at)) {
    if (Date.now() - started > TICK_BUDGET_MS) break;
    const ws = { teamId: due.teamId, enterpriseId: due.enterpriseId };
    const seen = due.builtAt === null ? null : new Date(due.builtAt);
    try {
      const done = await buildSnapshot(deps, ws, { seen });
      if (done) built.push(ws.teamId);
    } catch (err) {
      deps.log.warn({ err, teamId: ws.teamId }, 'could not build a talent snapshot');
    }
  }
  return built;
}
