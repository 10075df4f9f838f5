import { sql } from 'drizzle-orm';
import { rowsOf, type Db } from '../db/client';
import { DIGEST_SECTION_MAX } from './content';

export interface PlanOptions {
  week: string;
  /** Asks newer than this are news. */
  since: Date;
  /** Everyone known in the workspace, not only people with skills or open asks. */
  everyone: boolean;
  askChannel: string | null;
}

/**
 * Plans the whole week's digests in one statement: who gets one and what it says. People
 * already planned this week keep their plan, so planning again (another replica, a rerun) adds
 * only newcomers. Returns how many digests were newly planned.
 */
export async function planDigest(db: Db, o: PlanOptions): Promise<number> {
  const rows = await rowsOf<{ n: number }>(
    db,
    sql`
    with open_asks as (
      select a.id, a.team_id, a.asker_id, a.channel_id, a.text, a.permalink, a.skills, a.created_at,
             tsvector_to_array(to_tsvector('english', a.text || ' ' || coalesce(a.details, ''))) as lex,
             tsvector_to_array(to_tsvector('simple', a.text || ' ' || coalesce(a.details, ''))) as plain
      from asks a
      where a.status = 'open' and a.message_ts is not null and a.created_at >= ${o.since.toISOString()}::timestamptz
    ),
    audience as (
      select p.team_id, p.enterprise_id, p.user_id,
             exists (select 1 from person_skills s where s.team_id = p.team_id and s.user_id = p.user_id) as has_skills
      from people p
      where not p.deleted and not p.is_bot and not p.digest_opt_out
        and (${o.everyone}
             or exists (select 1 from person_skills s where s.team_id = p.team_id and s.user_id = p.user_id)
             or exists (select 1 from asks a where a.team_id = p.team_id and a.asker_id = p.user_id
                        and a.status = 'open' and a.message_ts is not null))
    ),
    ask_slugs as (
      select oa.id as ask_id, t.slug from open_asks oa
      join catalogue_terms t on cardinality(t.lexemes) > 0
        and t.lexemes <@ (case when t.stemmed then oa.lex else oa.plain end)
      union
      select oa.id, c.slug from open_asks oa join catalogue_skills c on c.name = any(oa.skills)
    ),
    hits as (
      select ps.team_id, ps.user_id, s.ask_id, ps.name as skill, case ps.kind when 'skill' then 1.0 else 0.6 end as score
      from ask_slugs s
      join open_asks oa on oa.id = s.ask_id
      join person_skills ps on ps.team_id = oa.team_id and ps.catalogue_slug = s.slug
      union all
      select ps.team_id, ps.user_id, oa.id, ps.name, case ps.kind when 'skill' then 0.9 else 0.54 end
      from open_asks oa
      join person_skills ps on ps.team_id = oa.team_id and ps.catalogue_slug is null
        and cardinality(ps.lexemes) > 0 and ps.lexemes <@ oa.lex
    ),
    news as (
      -- people who declared nothing yet see the week's newest asks instead of matches
      select au.team_id, au.user_id, r.id as ask_id, null::text as skill, 0.1 as score
      from audience au
      cross join lateral (
        select oa.id from open_asks oa
        where oa.team_id = au.team_id and oa.asker_id <> au.user_id
        order by oa.created_at desc, oa.id limit ${DIGEST_SECTION_MAX}
      ) r
      where not au.has_skills
    ),
    best as (
      select distinct on (h.team_id, h.user_id, h.ask_id) h.team_id, h.user_id, h.ask_id, h.skill, h.score
      from (select * from hits union all select * from news) h
      order by h.team_id, h.user_id, h.ask_id, h.score desc, h.skill
    ),
    eligible as (
      select b.team_id, b.user_id, oa.id as ask_id, oa.asker_id, oa.channel_id, oa.text, oa.permalink, b.skill,
             row_number() over (partition by b.team_id, b.user_id order by b.score desc, oa.created_at desc, oa.id) as rn,
             count(*) over (partition by b.team_id, b.user_id) as n
      from best b
      join audience au on au.team_id = b.team_id and au.user_id = b.user_id
      join open_asks oa on oa.id = b.ask_id
      where oa.asker_id <> b.user_id
        and not exists (select 1 from volunteers v where v.ask_id = oa.id and v.user_id = b.user_id)
    ),
    matches as (
      select team_id, user_id, max(n) as total,
             json_agg(json_build_object('askId', ask_id, 'askerId', asker_id, 'channelId', channel_id, 'text', left(text, 300),
                                        'permalink', permalink, 'skill', skill) order by rn) as items
      from eligible where rn <= ${DIGEST_SECTION_MAX}
      group by team_id, user_id
    ),
    own_ranked as (
      select a.team_id, a.asker_id as user_id, a.id, a.text, a.permalink,
             (select count(*) from volunteers v where v.ask_id = a.id)::int as volunteers,
             (select count(*) from replies r where r.ask_id = a.id)::int as replies,
             row_number() over (partition by a.team_id, a.asker_id order by a.created_at desc, a.id) as rn,
             count(*) over (partition by a.team_id, a.asker_id) as n
      from asks a
      join audience au on au.team_id = a.team_id and au.user_id = a.asker_id
      where a.status = 'open' and a.message_ts is not null
    ),
    own as (
      select team_id, user_id, max(n) as total,
             json_agg(json_build_object('askId', id, 'text', left(text, 100), 'permalink', permalink,
                                        'volunteers', volunteers, 'replies', replies) order by rn) as items
      from own_ranked where rn <= ${DIGEST_SECTION_MAX}
      group by team_id, user_id
    ),
    planned as (
      insert into digest_deliveries (team_id, enterprise_id, user_id, week, content)
      select au.team_id, au.enterprise_id, au.user_id, ${o.week},
             json_build_object(
               'matches', coalesce(m.items, '[]'::json),
               'moreMatches', case when au.has_skills then greatest(coalesce(m.total, 0) - ${DIGEST_SECTION_MAX}, 0) else 0 end,
               'own', coalesce(ow.items, '[]'::json),
               'moreOwn', greatest(coalesce(ow.total, 0) - ${DIGEST_SECTION_MAX}, 0),
               'noSkills', not au.has_skills,
               'askChannel', ${o.askChannel}::text)
      from audience au
      left join matches m on m.team_id = au.team_id and m.user_id = au.user_id
      left join own ow on ow.team_id = au.team_id and ow.user_id = au.user_id
      where m.items is not null or ow.items is not null
      on conflict (team_id, user_id, week) do nothing
      returning 1
    )
    select count(*)::int as n from planned`,
  );
  return rows[0]?.n ?? 0;
}
