// Raw SQL: planning is a few set-based statements over temporary tables, with window functions,
// bit strings and CTEs the query builder cannot say. Every table and column of the schema is
// named through its drizzle object, so renaming one breaks the build rather than the Monday run;
// the temporary tables (digest_asks, digest_skill_bits, digest_people) and their columns are this
// file's own and named here.
import { type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { type Db, rowsOf } from '../db/client.js';
import {
  askMatches,
  asks,
  catalogueSkills,
  digestDeliveries as deliveries,
  digestWeeks,
  freeSkillNames,
  people,
  replies,
  workspaceSettings as settings,
  personSkills as skills,
  volunteers,
} from '../db/schema/index.js';
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

/** Column names, unqualified, where SQL wants them bare: insert lists and conflict targets. */
const names = (...columns: AnyPgColumn[]) =>
  sql.join(
    columns.map((c) => sql.identifier(c.name)),
    sql`, `,
  );

/** The statements that stage the week in temporary tables (exported for the benchmark's EXPLAIN). */
export function staging(o: PlanOptions): SQL[] {
  const text = sql`${asks.text} || ' ' || coalesce(${asks.details}, '')`;
  const words = (config: 'english' | 'simple') =>
    sql`tsvector_to_array(to_tsvector(${sql.raw(`'${config}'`)}, ${text}))`;
  return [
    // Short, wide statements: compiling them (JIT) costs more than it saves; hashing the people
    // beats sorting them for merge joins.
    sql`set local jit = off`,
    sql`set local enable_mergejoin = off`,
    // A person's skill bitmaps are ORed in one hash of everyone (about 120 MB at 100,000 people and
    // 2,000 asks): at the default 4 MB it spilled 260 MB to disk in 37 batches. Once a week, one backend.
    sql`set local work_mem = '256MB'`,
    sql`create temp table digest_asks on commit drop as
      -- bit: a bit string of the team's n asks with only this one's position set, made once here
      -- (made in each statement, it was parsed from 2,000 characters per skill of the ask and again
      -- per asker, volunteer and notice)
      select *, set_bit(repeat('0', n)::varbit, pos, 1) as bit from (
        select ${asks.id} as id, ${asks.teamId} as team_id, ${asks.askerId} as asker_id, ${asks.skills} as skills,
               (row_number() over (
                 partition by ${asks.teamId} order by ${asks.createdAt} desc, ${asks.id}
               ) - 1)::int as pos,
               (count(*) over (partition by ${asks.teamId}))::int as n,
               ${words('english')} as lex
        from ${asks}
        where ${asks.status} = 'open' and ${asks.messageTs} is not null and not ${asks.isPrivate}
          and ${asks.createdAt} >= ${o.since.toISOString()}::timestamptz
      ) a`,
    // each free-text skill finds the asks containing all its stems through this index
    sql`create index on digest_asks using gin (lex)`,
    sql`analyze digest_asks`,
    // what each skill matches, as a bitmap over the week's asks: catalogue skills from the skills
    // matched when each ask was posted, free-text skills by their stems (GIN)
    sql`create temp table digest_skill_bits on commit drop as
      select a.team_id, false as free, ${catalogueSkills.slug} as key, bit_or(a.bit) as bits
      -- unnested, the names are hashed against the catalogue: with = any() each ask was compared
      -- with every catalogue skill
      from digest_asks a cross join unnest(a.skills) as s(name)
      join ${catalogueSkills} on ${catalogueSkills.name} = s.name
      group by a.team_id, ${catalogueSkills.slug}
      union all
      select a.team_id, true, f.norm, bit_or(a.bit)
      -- the workspace's distinct free-text names, kept by triggers: finding them among a million rows
      -- with distinct took a second; a name held only muted gets a bitmap that no unmuted row uses
      from (select ${freeSkillNames.teamId} as team_id, ${freeSkillNames.norm} as norm,
                   ${freeSkillNames.lexemes} as lexemes
            from ${freeSkillNames}
            where cardinality(${freeSkillNames.lexemes}) > 0) f
      join digest_asks a on a.team_id = f.team_id and a.lex @> f.lexemes
      group by a.team_id, f.norm`,
    // without its row count the planner took it for large and hashed all skill rows against it
    sql`analyze digest_skill_bits`,
    sql`create temp table digest_people on commit drop as
      -- each team's empty bitmap, made once: inlined, it was parsed from text four times per person
      with teams as materialized (
        select team_id, n, repeat('0', n)::varbit as zero from (select distinct team_id, n from digest_asks) d
      ),
      -- one pass over every skill row: who declared anything (muted rows count), and the OR of the
      -- bitmaps of what they hold unmuted, skills and interests apart
      held as (
        select s.team_id, s.user_id,
               bit_or(b.bits) filter (where s.kind = 'skill' and s.muted_at is null) as skill,
               bit_or(b.bits) filter (where s.kind = 'interest' and s.muted_at is null) as interest
        from (select ${skills.teamId} as team_id, ${skills.userId} as user_id, ${skills.kind} as kind,
                     ${skills.mutedAt} as muted_at, ${skills.catalogueSlug} is null as free,
                     coalesce(${skills.catalogueSlug}, ${skills.norm}) as key
              from ${skills}) s
        left join digest_skill_bits b on b.team_id = s.team_id and b.free = s.free and b.key = s.key
        group by s.team_id, s.user_id
      ),
      taken as (
        -- their own asks, the ones they volunteered for and the ones a match notice told them
        -- about are no news to them
        select team_id, user_id, bit_or(bit) as bits from (
          select a.team_id, a.asker_id as user_id, a.bit from digest_asks a
          union all
          select a.team_id, ${volunteers.userId}, a.bit
          from digest_asks a join ${volunteers} on ${volunteers.askId} = a.id
          union all
          select a.team_id, ${askMatches.userId}, a.bit
          from digest_asks a join ${askMatches} on ${askMatches.askId} = a.id
          where ${askMatches.notifiedAt} is not null
        ) t group by team_id, user_id
      ),
      askers as (
        select distinct ${asks.teamId} as team_id, ${asks.askerId} as user_id from ${asks}
        where ${asks.status} = 'open' and ${asks.messageTs} is not null
      ),
      audience as (
        select ${people.teamId} as team_id, ${people.enterpriseId} as enterprise_id, ${people.userId} as user_id,
               h.user_id is not null as has_skills, h.skill, h.interest,
               -- *Snooze*: no asks sent their way, so none that match them here either
               coalesce(${people.snoozedUntil} > now(), false) as snoozed
        from ${people}
        left join held h on h.team_id = ${people.teamId} and h.user_id = ${people.userId}
        left join askers k on k.team_id = ${people.teamId} and k.user_id = ${people.userId}
        -- guests never get one: it would show them members' asks
        where not ${people.deleted} and not ${people.isBot} and not ${people.isGuest} and not ${people.digestOptOut}
          -- *Pause 4 weeks*
          and not coalesce(${people.digestPausedUntil} > now(), false)
          and (${o.everyone} or h.user_id is not null or k.user_id is not null)
          -- a workspace is planned once a week: running again sends nothing new
          and not exists (
            select 1 from ${digestWeeks}
            where ${digestWeeks.teamId} = ${people.teamId} and ${digestWeeks.week} = ${o.week}
          )
      ),
      bits as (
        select au.team_id, au.enterprise_id, au.user_id, au.has_skills, au.snoozed,
               -- people who declared nothing see every ask of the week, newest first
               coalesce(
                 case when au.has_skills then au.skill else ~t.zero end,
                 t.zero
               ) as skill,
               coalesce(au.interest, t.zero) as interest,
               coalesce(k.bits, t.zero) as taken
        from audience au
        left join teams t on t.team_id = au.team_id
        left join taken k on k.team_id = au.team_id and k.user_id = au.user_id
      ),
      news as (
        select team_id, enterprise_id, user_id, has_skills,
               case when snoozed then skill & ~skill else skill & ~taken end as skill,
               case when snoozed then interest & ~interest else interest & ~skill & ~taken end as interest
        from bits
        offset 0 -- kept a subquery: pulled up, each bitmap's expression would be worked out again per use
      )
      -- their picks, skills first, then interests: positions in the week's list (digest_weeks.ask_ids),
      -- in one call (two calls, one in a lateral subquery, cost twice as much)
      select team_id, enterprise_id, user_id, has_skills,
             who_can_help_digest_picks(skill, interest, ${MAX}) as picks,
             bit_count(skill | interest)::int as matched
      from news`,
    // its two join columns are all the plans' statement needs statistics for (analysing every
    // column, the picks arrays too, took twice as long)
    sql`analyze digest_people (team_id, user_id)`,
    // the week's asks in position order, which the plans refer to; it also marks the week planned
    sql`insert into ${digestWeeks} (${names(digestWeeks.teamId, digestWeeks.week, digestWeeks.askIds)})
      select t.team_id, ${o.week},
             coalesce((select array_agg(a.id order by a.pos) from digest_asks a where a.team_id = t.team_id), '{}')
      from (select distinct team_id from digest_people) t
      on conflict do nothing`,
  ];
}

/** Writes each person's plan from the staged tables and counts them. */
export function writePlans(o: PlanOptions): SQL {
  const row = names(deliveries.teamId, deliveries.enterpriseId, deliveries.userId, deliveries.week, deliveries.content);
  return sql`
    with own_ranked as (
      select ${asks.teamId} as team_id, ${asks.askerId} as user_id, ${asks.id} as id,
             (select count(*) from ${volunteers} where ${volunteers.askId} = ${asks.id})::int as volunteers,
             (select count(*) from ${replies} where ${replies.askId} = ${asks.id})::int as replies,
             row_number() over (
               partition by ${asks.teamId}, ${asks.askerId} order by ${asks.createdAt} desc, ${asks.id}
             ) as rn,
             count(*) over (partition by ${asks.teamId}, ${asks.askerId}) as n
      from ${asks}
      join digest_people p on p.team_id = ${asks.teamId} and p.user_id = ${asks.askerId}
      -- news since their last digest, or since the week began for a first one
      cross join lateral (
        select coalesce(max(${deliveries.plannedAt}), ${o.since.toISOString()}::timestamptz) as at
        from ${deliveries}
        where ${deliveries.teamId} = p.team_id and ${deliveries.userId} = p.user_id
          and ${deliveries.week} <> ${o.week}
      ) last
      where ${asks.status} = 'open' and ${asks.messageTs} is not null
        -- an own ask is shown only when something happened to it: a volunteer, a reply, a claim
        and (${asks.claimedAt} > last.at
          or exists (select 1 from ${volunteers}
                     where ${volunteers.askId} = ${asks.id} and ${volunteers.createdAt} > last.at)
          or exists (select 1 from ${replies}
                     where ${replies.askId} = ${asks.id} and ${replies.postedAt} > last.at
                       and ${replies.userId} <> ${asks.askerId}))
    ),
    own as (
      select team_id, user_id, max(n) as total,
             jsonb_agg(jsonb_build_object('askId', id, 'volunteers', volunteers, 'replies', replies)
                       order by rn) as items
      from own_ranked where rn <= ${MAX}
      group by team_id, user_id
    ),
    planned as (
      insert into ${deliveries} (${row})
      -- built as jsonb, the column's type: built as json, each plan was printed and parsed again
      select p.team_id, p.enterprise_id, p.user_id, ${o.week},
             jsonb_build_object(
               'matches', coalesce(to_jsonb(p.picks), '[]'::jsonb),
               'moreMatches', case when p.has_skills then greatest(coalesce(p.matched, 0) - ${MAX}, 0) else 0 end,
               'own', coalesce(ow.items, '[]'::jsonb),
               'moreOwn', greatest(coalesce(ow.total, 0) - ${MAX}, 0),
               'noSkills', not p.has_skills,
               -- '' is a workspace's deliberate "where /ask is used"
               'askChannel', case when ${settings.askChannel} is null then ${o.askChannel}::text
                                  else nullif(${settings.askChannel}, '') end)
      from digest_people p
      left join own ow on ow.team_id = p.team_id and ow.user_id = p.user_id
      left join ${settings} on ${settings.teamId} = p.team_id
      where cardinality(p.picks) > 0 or ow.items is not null
      on conflict (${names(deliveries.teamId, deliveries.userId, deliveries.week)}) do nothing
      returning 1
    )
    select count(*)::int as n from planned`;
}
