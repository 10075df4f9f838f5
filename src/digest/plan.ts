import { sql } from 'drizzle-orm';
import { type Db, rowsOf } from '../db/client.js';
import { DIGEST_SECTION_MAX as MAX } from './content.js';

export interface PlanOptions {
  week: string;
  /** Asks newer than this are news. */
  since: Date;
  /** Everyone known in the workspace, not only people with skills or open asks. */
  everyone: boolean;
  /** The default ask channel (ASK_CHANNEL); a workspace's own setting wins. */
  askChannel: string | null;
}

/**
 * Plans the whole week's digests in one transaction of set-based statements, never a query per
 * person. The week's open asks are numbered per workspace, newest first; what a skill matches is
 * a bitmap over those numbers, and what a person matches is the OR of their skills' bitmaps. Their
 * best asks are then the first set bits (skills before interests), and "and N more" is a bit count.
 * A workspace is planned once a week; planning again (a rerun, another replica) adds nothing.
 */
export async function planDigest(db: Db, o: PlanOptions): Promise<number> {
  return db.transaction(async (tx) => {
    for (const statement of staging(o)) await tx.execute(statement);
    const [row] = await rowsOf<{ n: number }>(tx, writePlans(o));
    return row?.n ?? 0;
  });
}

function staging(o: PlanOptions) {
  return [
    // Short, wide statements: compiling them (JIT) costs more than it saves; one hash join of the
    // picks beats sorting them for a merge join.
    sql`set local jit = off`,
    sql`set local enable_mergejoin = off`,
    sql`create temp table digest_asks on commit drop as
      select a.id, a.team_id, a.asker_id, a.skills,
             (row_number() over (partition by a.team_id order by a.created_at desc, a.id) - 1)::int as pos,
             (count(*) over (partition by a.team_id))::int as n,
             tsvector_to_array(to_tsvector('english', a.text || ' ' || coalesce(a.details, ''))) as lex,
             tsvector_to_array(to_tsvector('simple', a.text || ' ' || coalesce(a.details, ''))) as plain
      from asks a
      where a.status = 'open' and a.message_ts is not null and not a.is_private
        and a.created_at >= ${o.since.toISOString()}::timestamptz`,
    // each free-text skill finds the asks containing all its stems through this index
    sql`create index on digest_asks using gin (lex)`,
    sql`analyze digest_asks`,
    // what each skill matches, as a bitmap over the week's asks: catalogue skills from the skills
    // matched when each ask was posted, free-text skills by their stems (GIN)
    sql`create temp table digest_skill_bits on commit drop as
      select a.team_id, c.slug, null::text as norm, bit_or(set_bit(repeat('0', a.n)::varbit, a.pos, 1)) as bits
      from digest_asks a join catalogue_skills c on c.name = any(a.skills)
      group by a.team_id, c.slug
      union all
      select a.team_id, null, f.norm, bit_or(set_bit(repeat('0', a.n)::varbit, a.pos, 1))
      from (select distinct team_id, norm, lexemes from person_skills
            where catalogue_slug is null and cardinality(lexemes) > 0) f
      join digest_asks a on a.team_id = f.team_id and a.lex @> f.lexemes
      group by a.team_id, f.norm`,
    sql`create temp table digest_people on commit drop as
      with teams as (select distinct team_id, n from digest_asks),
      held as (
        select h.team_id, h.user_id, bit_or(h.bits) filter (where h.kind = 'skill') as skill,
               bit_or(h.bits) filter (where h.kind = 'interest') as interest
        from (
          select ps.team_id, ps.user_id, ps.kind, b.bits from person_skills ps
          join digest_skill_bits b on b.team_id = ps.team_id and b.slug = ps.catalogue_slug
          union all
          select ps.team_id, ps.user_id, ps.kind, b.bits from person_skills ps
          join digest_skill_bits b on b.team_id = ps.team_id and ps.catalogue_slug is null and b.norm = ps.norm
        ) h
        group by h.team_id, h.user_id
      ),
      taken as (
        -- their own asks and the ones they already volunteered for are no news to them
        select team_id, user_id, bit_or(bit) as bits from (
          select a.team_id, a.asker_id as user_id, set_bit(repeat('0', a.n)::varbit, a.pos, 1) as bit from digest_asks a
          union all
          select a.team_id, v.user_id, set_bit(repeat('0', a.n)::varbit, a.pos, 1) from digest_asks a join volunteers v on v.ask_id = a.id
        ) t group by team_id, user_id
      ),
      skilled as (select distinct team_id, user_id from person_skills),
      askers as (select distinct team_id, asker_id as user_id from asks where status = 'open' and message_ts is not null),
      audience as (
        select p.team_id, p.enterprise_id, p.user_id, s.user_id is not null as has_skills
        from people p
        left join skilled s on s.team_id = p.team_id and s.user_id = p.user_id
        left join askers k on k.team_id = p.team_id and k.user_id = p.user_id
        where not p.deleted and not p.is_bot and not p.digest_opt_out
          and (${o.everyone} or s.user_id is not null or k.user_id is not null)
          -- a workspace is planned once a week: running again sends nothing new
          and not exists (select 1 from digest_weeks w where w.team_id = p.team_id and w.week = ${o.week})
      ),
      bits as (
        select au.team_id, au.enterprise_id, au.user_id, au.has_skills,
               -- people who declared nothing see every ask of the week, newest first
               coalesce(case when au.has_skills then h.skill else ~repeat('0', t.n)::varbit end, repeat('0', t.n)::varbit) as skill,
               coalesce(h.interest, repeat('0', t.n)::varbit) as interest,
               coalesce(k.bits, repeat('0', t.n)::varbit) as taken
        from audience au
        left join teams t on t.team_id = au.team_id
        left join held h on h.team_id = au.team_id and h.user_id = au.user_id
        left join taken k on k.team_id = au.team_id and k.user_id = au.user_id
      )
      select team_id, enterprise_id, user_id, has_skills,
             skill & ~taken as skill, interest & ~skill & ~taken as interest
      from bits`,
    sql`analyze digest_people`,
    // the week's asks in position order, which the plans refer to; it also marks the week planned
    sql`insert into digest_weeks (team_id, week, ask_ids)
      select t.team_id, ${o.week},
             coalesce((select array_agg(a.id order by a.pos) from digest_asks a where a.team_id = t.team_id), '{}')
      from (select distinct team_id from digest_people) t
      on conflict do nothing`,
  ];
}

function writePlans(o: PlanOptions) {
  return sql`
    with picks as (
      -- skills first, then interests: positions in the week's list (digest_weeks.ask_ids)
      select p.team_id, p.user_id, s.first || who_can_help_first_bits(p.interest, ${MAX} - cardinality(s.first)) as picks
      from digest_people p
      cross join lateral (select who_can_help_first_bits(p.skill, ${MAX}) as first) s
      where p.skill is not null
    ),
    own_ranked as (
      select a.team_id, a.asker_id as user_id, a.id,
             (select count(*) from volunteers v where v.ask_id = a.id)::int as volunteers,
             (select count(*) from replies r where r.ask_id = a.id)::int as replies,
             row_number() over (partition by a.team_id, a.asker_id order by a.created_at desc, a.id) as rn,
             count(*) over (partition by a.team_id, a.asker_id) as n
      from asks a
      join digest_people p on p.team_id = a.team_id and p.user_id = a.asker_id
      where a.status = 'open' and a.message_ts is not null
    ),
    own as (
      select team_id, user_id, max(n) as total,
             json_agg(json_build_object('askId', id, 'volunteers', volunteers, 'replies', replies) order by rn) as items
      from own_ranked where rn <= ${MAX}
      group by team_id, user_id
    ),
    planned as (
      insert into digest_deliveries (team_id, enterprise_id, user_id, week, content)
      select p.team_id, p.enterprise_id, p.user_id, ${o.week},
             json_build_object(
               'matches', coalesce(to_json(k.picks), '[]'::json),
               'moreMatches', case when p.has_skills
                 then greatest(coalesce(bit_count(p.skill | p.interest), 0) - ${MAX}, 0) else 0 end,
               'own', coalesce(ow.items, '[]'::json),
               'moreOwn', greatest(coalesce(ow.total, 0) - ${MAX}, 0),
               'noSkills', not p.has_skills,
               -- '' is a workspace's deliberate "where /ask is used"
               'askChannel', case when ws.ask_channel is null then ${o.askChannel}::text else nullif(ws.ask_channel, '') end)
      from digest_people p
      left join picks k on k.team_id = p.team_id and k.user_id = p.user_id
      left join own ow on ow.team_id = p.team_id and ow.user_id = p.user_id
      left join workspace_settings ws on ws.team_id = p.team_id
      where cardinality(k.picks) > 0 or ow.items is not null
      on conflict (team_id, user_id, week) do nothing
      returning 1
    )
    select count(*)::int as n from planned`;
}
