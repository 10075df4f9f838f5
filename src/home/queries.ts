import { and, eq, isNotNull, sql } from 'drizzle-orm';
import { type Db, rowsOf } from '../db/client.js';
import { people } from '../db/schema/index.js';
import type { Workspace } from '../slack/workspace.js';

export interface HomeAsk {
  id: string;
  askerId: string;
  text: string;
  permalink: string | null;
  status: string;
  volunteers: number;
  replies: number;
}

const MATCH_DAYS = 30;

/** The person's asks, open ones first, newest first; `limit` of them and how many in all. */
export async function myAsks(
  db: Db,
  ws: Workspace,
  userId: string,
  limit: number,
): Promise<{ items: HomeAsk[]; total: number }> {
  const rows = await rowsOf<HomeAsk & { total: number }>(
    db,
    sql`select a.id, a.asker_id as "askerId", a.text, a.permalink, a.status::text as status,
               (select count(*) from volunteers v where v.ask_id = a.id)::int as volunteers,
               (select count(*) from replies r where r.ask_id = a.id)::int as replies,
               (count(*) over ())::int as total
        from asks a
        where a.team_id = ${ws.teamId} and a.asker_id = ${userId} and a.message_ts is not null and a.status <> 'deleted'
        order by (a.status = 'open') desc, a.created_at desc
        limit ${limit}`,
  );
  return { items: rows, total: rows[0]?.total ?? 0 };
}

/** Open asks of the last month that want one of the person's skills or interests, newest first. */
export async function asksForMe(
  db: Db,
  ws: Workspace,
  userId: string,
  limit: number,
): Promise<{ items: HomeAsk[]; total: number }> {
  const rows = await rowsOf<HomeAsk & { total: number }>(
    db,
    sql`with mine as (
          select ps.catalogue_slug, ps.lexemes, c.name as catalogue_name
          from person_skills ps left join catalogue_skills c on c.slug = ps.catalogue_slug
          where ps.team_id = ${ws.teamId} and ps.user_id = ${userId}
        )
        select a.id, a.asker_id as "askerId", a.text, a.permalink, a.status::text as status,
               (select count(*) from volunteers v where v.ask_id = a.id)::int as volunteers,
               (select count(*) from replies r where r.ask_id = a.id)::int as replies,
               (count(*) over ())::int as total
        from asks a
        where a.team_id = ${ws.teamId} and a.status = 'open' and a.message_ts is not null and not a.is_private
          and a.asker_id <> ${userId}
          and a.created_at >= now() - make_interval(days => ${MATCH_DAYS})
          and not exists (select 1 from volunteers v where v.ask_id = a.id and v.user_id = ${userId})
          and (a.skills && array(select catalogue_name from mine where catalogue_name is not null)
               or exists (select 1 from mine m where m.catalogue_slug is null and cardinality(m.lexemes) > 0
                          and m.lexemes <@ tsvector_to_array(to_tsvector('english', a.text || ' ' || coalesce(a.details, '')))))
        order by a.created_at desc
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
