// Raw SQL for the two listings: per-ask counts, a window total, and stems and array overlap matched
// against the person's skills, which the query builder cannot say as one statement. Tables and columns
// are named through the schema objects, so renaming one in the schema fails the type-check here.

import { and, eq, isNotNull, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { GO_WITH_SHOWN, type Pickable } from '../asks/loop-blocks.js';
import { sqlArray } from '../db/arrays.js';
import { type Db, rowsOf } from '../db/client.js';
import { asks, catalogueSkills, people, personSkills, replies, volunteers } from '../db/schema/index.js';
import type { Workspace } from '../slack/workspace.js';

export interface HomeAsk {
  id: string;
  askerId: string;
  /** Asked anonymously: "Someone asks" to everyone but the asker. */
  anonymous: boolean;
  text: string;
  permalink: string | null;
  status: string;
  volunteers: number;
  replies: number;
  /** The asker's own asks only: who is on it, and the first volunteers they could go with instead. */
  claimedBy?: string | null;
  goWith?: Pickable[];
}

const MATCH_DAYS = 30;

const a = alias(asks, 'a');
const v = alias(volunteers, 'v');
const r = alias(replies, 'r');

/** The columns of a HomeAsk of `a`, with its volunteer and reply counts and how many asks in all. */
const listed = sql`${a.id} as id, ${a.askerId} as "askerId", ${a.anonymous} as anonymous, ${a.text} as text,
  ${a.permalink} as permalink,
    ${a.status}::text as status,
    (select count(*) from ${volunteers} ${v} where ${v.askId} = ${a.id})::int as volunteers,
    (select count(*) from ${replies} ${r} where ${r.askId} = ${a.id})::int as replies,
    (count(*) over ())::int as total`;

const vp = alias(people, 'vp');

/** Who is on the ask, and the first volunteers (with names for their Go with buttons) but them. */
const claimColumns = sql`${a.claimedBy} as "claimedBy",
    coalesce((select json_agg(x) from (
      select ${v.userId} as "userId", coalesce(${vp.name}, ${v.userId}) as name
      from ${volunteers} ${v}
      left join ${people} ${vp} on ${vp.teamId} = ${v.teamId} and ${vp.userId} = ${v.userId}
      where ${v.askId} = ${a.id} and ${v.userId} is distinct from ${a.claimedBy}
      order by ${v.createdAt}, ${v.userId}
      limit ${GO_WITH_SHOWN}
    ) x), '[]'::json) as "goWith"`;

/** The person's asks, open ones first, newest first; `limit` of them and how many in all. */
export async function myAsks(
  db: Db,
  ws: Workspace,
  userId: string,
  limit: number,
): Promise<{ items: HomeAsk[]; total: number }> {
  const rows = await rowsOf<HomeAsk & { total: number }>(
    db,
    sql`select ${listed}, ${claimColumns}
        from ${asks} ${a}
        where ${a.teamId} = ${ws.teamId} and ${a.askerId} = ${userId} and ${a.messageTs} is not null
          and ${a.status} <> 'deleted'
        order by (${a.status} = 'open') desc, ${a.createdAt} desc
        limit ${limit}`,
  );
  // postgres.js parses json; a driver that hands back its text is read here.
  const items = rows.map((r) => ({ ...r, goWith: typeof r.goWith === 'string' ? JSON.parse(r.goWith) : r.goWith }));
  return { items, total: rows[0]?.total ?? 0 };
}

/**
 * Open asks of the last month that want one of the person's skills or interests, newest first;
 * none for a guest, who is not shown members' asks.
 */
export async function asksForMe(
  db: Db,
  ws: Workspace,
  userId: string,
  limit: number,
): Promise<{ items: HomeAsk[]; total: number }> {
  const ps = alias(personSkills, 'ps');
  const c = alias(catalogueSkills, 'c');
  // mine carries person_skills columns on under their own names
  const m = alias(personSkills, 'm');
  const rows = await rowsOf<HomeAsk & { total: number }>(
    db,
    sql`with mine as (
          select ${ps.catalogueSlug}, ${ps.lexemes}, ${c.name} as catalogue_name
          from ${personSkills} ${ps} left join ${catalogueSkills} ${c} on ${c.slug} = ${ps.catalogueSlug}
          where ${ps.teamId} = ${ws.teamId} and ${ps.userId} = ${userId}
        )
        select ${listed}
        from ${asks} ${a}
        where ${a.teamId} = ${ws.teamId} and ${a.status} = 'open' and ${a.messageTs} is not null
          and not ${a.isPrivate}
          and ${a.askerId} <> ${userId}
          and not exists (
            select 1 from ${people}
            where ${people.teamId} = ${ws.teamId} and ${people.userId} = ${userId} and ${people.isGuest}
          )
          and ${a.createdAt} >= now() - make_interval(days => ${MATCH_DAYS})
          and not exists (select 1 from ${volunteers} ${v} where ${v.askId} = ${a.id} and ${v.userId} = ${userId})
          and (${a.skills} && array(select catalogue_name from mine where catalogue_name is not null)
               or exists (
                 select 1 from mine ${m} where ${m.catalogueSlug} is null and cardinality(${m.lexemes}) > 0
                   and ${m.lexemes} <@ tsvector_to_array(
                     to_tsvector('english', ${a.text} || ' ' || coalesce(${a.details}, ''))
                   )
               ))
        order by ${a.createdAt} desc
        limit ${limit}`,
  );
  return { items: rows, total: rows[0]?.total ?? 0 };
}

/** Open asks the person offered to help with, newest offer first: their offers stay in sight. */
export async function helpingWith(
  db: Db,
  ws: Workspace,
  userId: string,
  limit: number,
): Promise<{ items: HomeAsk[]; total: number }> {
  const mine = alias(volunteers, 'mine');
  const rows = await rowsOf<HomeAsk & { total: number }>(
    db,
    sql`select ${listed}, ${a.claimedBy} as "claimedBy"
        from ${volunteers} ${mine} join ${asks} ${a} on ${a.id} = ${mine.askId}
        where ${mine.teamId} = ${ws.teamId} and ${mine.userId} = ${userId}
          and ${a.teamId} = ${ws.teamId} and ${a.status} = 'open' and ${a.messageTs} is not null
        order by ${mine.createdAt} desc
        limit ${limit}`,
  );
  return { items: rows, total: rows[0]?.total ?? 0 };
}

export async function markHomeOpened(db: Db, ws: Workspace, userId: string): Promise<void> {
  await db
    .update(people)
    .set({ homeOpenedAt: sql`coalesce(${people.homeOpenedAt}, now())` })
    .where(and(eq(people.teamId, ws.teamId), eq(people.userId, userId)));
}

/** Whether the person has a Home tab worth keeping fresh. */
export async function hasOpenedHome(db: Db, ws: Workspace, userId: string): Promise<boolean> {
  const [row] = await db
    .select({ userId: people.userId })
    .from(people)
    .where(and(eq(people.teamId, ws.teamId), eq(people.userId, userId), isNotNull(people.homeOpenedAt)));
  return Boolean(row);
}

/**
 * People with a Home tab whose "asks for you" may list one of these asks (the test asksForMe
 * makes, without the time window), for refreshing when the asks must leave it.
 */
export async function homesListing(db: Db, ws: Workspace, askIds: string[], limit: number): Promise<string[]> {
  if (askIds.length === 0) return [];
  const p = alias(people, 'p');
  const ps = alias(personSkills, 'ps');
  const c = alias(catalogueSkills, 'c');
  const rows = await rowsOf<{ userId: string }>(
    db,
    sql`select ${p.userId} as "userId" from ${people} ${p}
        where ${p.teamId} = ${ws.teamId} and ${p.homeOpenedAt} is not null
          and exists (
            select 1 from ${asks} ${a}
            join ${personSkills} ${ps} on ${ps.teamId} = ${a.teamId} and ${ps.userId} = ${p.userId}
            left join ${catalogueSkills} ${c} on ${c.slug} = ${ps.catalogueSlug}
            where ${a.teamId} = ${ws.teamId} and ${a.id} = any(${sqlArray(askIds, 'uuid')})
              and ${a.askerId} <> ${p.userId}
              and (${c.name} = any(${a.skills})
                   or (${ps.catalogueSlug} is null and cardinality(${ps.lexemes}) > 0
                       and ${ps.lexemes} <@ tsvector_to_array(
                         to_tsvector('english', ${a.text} || ' ' || coalesce(${a.details}, ''))
                       )))
          )
        limit ${limit}`,
  );
  return rows.map((r) => r.userId);
}
