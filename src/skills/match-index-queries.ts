// Raw SQL: snapshots (pg_current_snapshot) and transaction ids (xid8), which the query builder cannot say.
// Every table and column is named through the schema objects.

import { sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { sqlArray } from '../db/arrays.js';
import { type Db, rowsOf } from '../db/client.js';
import { preparedRowsOf } from '../db/prepared.js';
import { people, personSkills, skillChanges } from '../db/schema/index.js';
import type { Held } from './match-index.js';

const ps = alias(personSkills, 'ps');
/** The key a person_skills row matches by: its catalogue skill, or its free-text name. */
const keyOf = sql`coalesce('c:' || ${ps.catalogueSlug}, 'f:' || ${ps.norm})`;
/**
 * What a read could not see: transactions from xmax on, and those running when it read. Their
 * changes are read next time; every other transaction had finished, so the read saw what it wrote.
 * (Not "from the oldest running on": that is the whole cluster's oldest, and while a long
 * transaction anywhere runs, every read would take in everything since it began.)
 */
export interface Unseen {
  xmax: string;
  running: string[];
}
// A snapshot does not list its own transaction among the running: a caller in a transaction that has
// written something (an ask) may yet write skills and commit, so its own is added.
const UNSEEN = sql`pg_snapshot_xmax(pg_current_snapshot())::text as xmax,
  array(
    select x::text from (
      select pg_snapshot_xip(pg_current_snapshot()) union select pg_current_xact_id_if_assigned()
    ) s(x) where x is not null
  ) as running`;

export interface Loaded {
  unseen: Unseen;
  groups: Array<{ key: string; interest: boolean; users: string[] }>;
  unmatchable: string[];
}

/** Everything the index holds for a workspace, read in one snapshot. */
export async function loadTeam(db: Db, teamId: string): Promise<Loaded> {
  return db.transaction(
    async (tx) => {
      // a million rows take a second or two, more on a busy server: longer than a request query may
      await tx.execute(sql`set local statement_timeout = '120s'`);
      const [unseen] = await rowsOf<Unseen>(tx, sql`select ${UNSEEN}`);
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
      return { unseen: unseen!, groups, unmatchable: out.map((o) => o.userId) };
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
 * The people whose skills, or whether they can be matched, changed in transactions the last read did not
 * see; 'reload' when there are too many to read in a request; undefined when the caller's transaction
 * cannot tell: it changed some itself (uncommitted: the index must never hold them), or it reads an
 * older snapshot than READ COMMITTED's latest.
 */
export async function changesSince(
  db: Db,
  teamId: string,
  last: Unseen,
): Promise<{ unseen: Unseen; changed: Changed[] } | 'reload' | undefined> {
  const [found] = await preparedRowsOf<Unseen & { blind: boolean; users: string[] }>(
    db,
    sql`with running as (select json_array_elements_text(${JSON.stringify(last.running)}::json)::xid8 as xid)
        select ${UNSEEN},
               current_setting('transaction_isolation') <> 'read committed' or exists (
                 select 1 from ${skillChanges}
                 where ${skillChanges.teamId} = ${teamId} and ${skillChanges.xid} = pg_current_xact_id_if_assigned()
               ) as blind,
               -- two reads of (team_id, xid), not one OR: that read every change row kept (100,000 after an import)
               array(
                 select ${skillChanges.userId} from ${skillChanges}
                 where ${skillChanges.teamId} = ${teamId} and ${skillChanges.xid} >= ${last.xmax}::xid8
                 union
                 select ${skillChanges.userId} from ${skillChanges}
                 where ${skillChanges.teamId} = ${teamId} and ${skillChanges.xid} in (select xid from running)
                 limit ${CHANGED_MAX + 1}
               ) as users`,
  );
  const { xmax, running, blind, users } = found!;
  if (blind) return undefined;
  if (users.length > CHANGED_MAX) return 'reload';
  if (users.length === 0) return { unseen: { xmax, running }, changed: [] };
  // Read after the snapshot above, so perhaps newer: a change in between is read again next time.
  // Not prepared, and the people as a list each table is filtered by (no join): a plan cached while the
  // tables were small looked them up one by one in full scans (5 s for an import of 6,000 people).
  const list = sqlArray(users);
  const rows = await rowsOf<{ userId: string; key: string | null; interest: boolean | null }>(
    db,
    sql`select ${people.userId} as "userId", null as key, null as interest from ${people}
        where ${people.teamId} = ${teamId} and ${people.userId} = any(${list})
          and (${people.deleted} or ${people.isBot})
        union all
        select ${ps.userId}, ${keyOf}, ${ps.kind} = 'interest' from ${personSkills} ${ps}
        where ${ps.teamId} = ${teamId} and ${ps.userId} = any(${list}) and ${ps.mutedAt} is null`,
  );
  const byUser = new Map<string, Changed>(users.map((u) => [u, { userId: u, unmatchable: false, held: [] }]));
  for (const r of rows) {
    const c = byUser.get(r.userId)!;
    if (r.key === null) c.unmatchable = true;
    else c.held.push({ key: r.key, interest: r.interest === true });
  }
  return { unseen: { xmax, running }, changed: [...byUser.values()] };
}

/** Change rows an hour old: every index in use has read them (one idle longer loads afresh). */
export async function pruneSkillChanges(db: Db): Promise<void> {
  await db.delete(skillChanges).where(sql`${skillChanges.changedAt} < now() - interval '1 hour'`);
}
