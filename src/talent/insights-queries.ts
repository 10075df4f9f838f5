// Raw SQL: weekly series (generate_series), a median (percentile_cont) and the first volunteer per ask,
// which the query builder cannot say. Tables and columns are named through the schema objects.
import { sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { type Db, rowsOf } from '../db/client.js';
import { asks, credits, people, volunteers } from '../db/schema/index.js';
import type { Workspace } from '../slack/workspace.js';

export const INSIGHT_WEEKS = 12;
const TOP_HELPERS = 5;

export interface Week {
  /** Monday of the week, YYYY-MM-DD. */
  week: string;
  asks: number;
  volunteered: number;
  resolved: number;
}

export interface Insights {
  weeks: Week[];
  asks: number;
  volunteered: number;
  resolved: number;
  /** Median hours from an ask to its first volunteer, among asks that got one; null when none did. */
  medianHoursToVolunteer: number | null;
  /** By credits in the same weeks; people who hid their history are left out. */
  topHelpers: Array<{ userId: string; credits: number }>;
}

const a = alias(asks, 'a');
const v = alias(volunteers, 'v');
const c = alias(credits, 'c');
const p = alias(people, 'p');

/** Asks, volunteering and resolving over the last INSIGHT_WEEKS weeks (this one included), for admins. */
export async function insights(db: Db, ws: Workspace): Promise<Insights> {
  const since = sql`date_trunc('week', now()) - make_interval(weeks => ${INSIGHT_WEEKS - 1})`;
  const [weeks, [median], topHelpers] = await Promise.all([
    rowsOf<Week>(
      db,
      sql`with counted as (
            select date_trunc('week', ${a.createdAt}) as week, ${a.status} = 'resolved' as resolved,
                   exists (select 1 from ${volunteers} ${v} where ${v.askId} = ${a.id}) as volunteered
            from ${asks} ${a}
            where ${a.teamId} = ${ws.teamId} and ${a.messageTs} is not null and ${a.status} <> 'deleted'
              and not ${a.isPrivate} and ${a.createdAt} >= ${since})
          select to_char(w.week, 'YYYY-MM-DD') as week, count(counted.week)::int as asks,
                 count(*) filter (where counted.volunteered)::int as volunteered,
                 count(*) filter (where counted.resolved)::int as resolved
          from generate_series(${since}, date_trunc('week', now()), interval '1 week') as w(week)
          left join counted on counted.week = w.week
          group by w.week order by w.week`,
    ),
    rowsOf<{ hours: number | null }>(
      db,
      sql`select percentile_cont(0.5) within group (order by extract(epoch from f.first - ${a.createdAt}) / 3600)
                 as hours
          from ${asks} ${a}
          cross join lateral (select min(${v.createdAt}) as first from ${volunteers} ${v}
                              where ${v.askId} = ${a.id}) f
          where ${a.teamId} = ${ws.teamId} and ${a.messageTs} is not null and ${a.status} <> 'deleted'
            and not ${a.isPrivate} and ${a.createdAt} >= ${since} and f.first is not null`,
    ),
    rowsOf<{ userId: string; credits: number }>(
      db,
      sql`select ${c.userId} as "userId", count(*)::int as credits
          from ${credits} ${c}
          where ${c.teamId} = ${ws.teamId} and ${c.createdAt} >= ${since}
            and not exists (select 1 from ${people} ${p} where ${p.teamId} = ${c.teamId}
                            and ${p.userId} = ${c.userId} and (${p.historyHidden} or ${p.deleted}))
          group by 1 order by 2 desc, 1 limit ${TOP_HELPERS}`,
    ),
  ]);
  const sum = (k: 'asks' | 'volunteered' | 'resolved') => weeks.reduce((n, w) => n + w[k], 0);
  const hours = median?.hours;
  return {
    weeks,
    asks: sum('asks'),
    volunteered: sum('volunteered'),
    resolved: sum('resolved'),
    medianHoursToVolunteer: hours === null || hours === undefined ? null : Number(hours),
    topHelpers,
  };
}
