// Raw SQL: snapshots (pg_current_snapshot) and transaction ids (xid8), which the query builder cannot say.
// Every table and column is named through the schema objects.

import { sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { type Db, rowsOf } from '../db/client.js';
import { preparedRowsOf } from '../db/prepared.js';
import { people, personSkills, skillChanges } from '../db/schema/index.js';
import type { Held } from './match-index.js';

const ps = alias(personSkills, 'ps');
/** The key a person_skills row matches by: its catalogue skill, or its free-text name. */
const keyOf = sql`coalesce('c:' || ${ps.catalogueSlug}, 'f:' || ${ps.norm})`;
/** The oldest transaction still running: anything it or a later one changes is read again next time. */
const XMIN = sql`pg_snapshot_xmin(pg_current_snapshot())::text`;

export interface Loaded {
  xmin: string;
  groups: Array<{ key: string; interest: boolean; users: string[] }>;
  unmatchable: string[];
}

/** Everything the index holds for a workspace, read in one snapshot. */
export async function loadTeam(db: Db, teamId: string): Promise<Loaded> {
  return db.transaction(
    async (tx) => {
      // a million rows take a second or two, more on a busy server: longer than a request query may
      await tx.execute(sql`set local statement_timeout = '120s'`);
      const [snap] = await rowsOf<{ xmin: string }>(tx, sql`select ${XMIN} as xmin`);
      const groups = await rowsOf<{ key: string; interest: boolean; users: string[] }>(
        tx,
        sql`select ${keyOf} as key, ${ps.kind} = 'interest' as interest, array_agg(${ps.userId}) as users
            from ${personSkills} ${ps}
            where ${ps.teamId} = ${teamId} and ${ps.mutedAt} is null
            group by 1, 2`,
      );
      const out = await rowsOf<{ userId: string }>(
        tx,
        sql`select ${people.userId} as "userId" from ${people}
            where ${people.teamId} = ${teamId} and (${people.deleted} or ${people.isBot})`,
      );
      return { xmin: snap!.xmin, groups, unmatchable: out.map((o) => o.userId) };
    },
    // one snapshot for the three reads
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
}

export interface Changed {
  userId: string;
  unmatchable: boolean;
  held: Held[];
}

/** More people changed than this (an import, say) and the index is loaded afresh, in the background. */
const CHANGED_MAX = 5_000;

/**
 * The people whose skills, or whether they can be matched, changed from transaction xmin on; 'reload'
 * when there are too many to read in a request; undefined when the caller's transaction cannot tell: it changed some itself (uncommitted: the index
 * must never hold them), or it reads an older snapshot than READ COMMITTED's latest.
 */
export async function changesSince(
  db: Db,
  teamId: string,
  xmin: string,
): Promise<{ xmin: string; changed: Changed[] } | 'reload' | undefined> {
  const rows = await preparedRowsOf<{
    xmin: string;
    blind: boolean;
    userId: string | null;
    unmatchable: boolean | null;
    key: string | null;
    interest: boolean | null;
  }>(
    db,
    sql`with changed as (
          select distinct ${skillChanges.userId} as user_id from ${skillChanges}
          where ${skillChanges.teamId} = ${teamId} and ${skillChanges.xid} >= ${xmin}::xid8
          limit ${CHANGED_MAX + 1}
        )
        select ${XMIN} as xmin,
               current_setting('transaction_isolation') <> 'read committed' or exists (
                 select 1 from ${skillChanges}
                 where ${skillChanges.teamId} = ${teamId} and ${skillChanges.xid} = pg_current_xact_id_if_assigned()
               ) as blind,
               c.user_id as "userId",
               coalesce(${people.deleted} or ${people.isBot}, false) as unmatchable,
               ${keyOf} as key, ${ps.kind} = 'interest' as interest
        from (select 1) one
        left join changed c on true
        left join ${people} on ${people.teamId} = ${teamId} and ${people.userId} = c.user_id
        left join ${personSkills} ${ps}
          on ${ps.teamId} = ${teamId} and ${ps.userId} = c.user_id and ${ps.mutedAt} is null`,
  );
  if (rows[0]!.blind) return undefined;
  if (new Set(rows.map((r) => r.userId)).size > CHANGED_MAX) return 'reload';
  const byUser = new Map<string, Changed>();
  for (const r of rows) {
    if (r.userId === null) continue;
    const c = byUser.get(r.userId) ?? { userId: r.userId, unmatchable: r.unmatchable === true, held: [] };
    byUser.set(r.userId, c);
    if (r.key !== null) c.held.push({ key: r.key, interest: r.interest === true });
  }
  return { xmin: rows[0]!.xmin, changed: [...byUser.values()] };
}

/** Change rows an hour old: every index in use has read them (one idle longer loads afresh). */
export async function pruneSkillChanges(db: Db): Promise<void> {
  await db.delete(skillChanges).where(sql`${skillChanges.changedAt} < now() - interval '1 hour'`);
}
