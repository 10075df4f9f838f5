// Raw SQL: one insert-select over every workspace with a spotlight channel (distinct on, a holders
// count per skill for rarity), which the query builder cannot say. Tables and columns are named
// through the schema objects.
import { sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { type Db, rowsOf } from '../db/client.js';
import { catalogueSkills, people, personSkills, spotlights, workspaceSettings } from '../db/schema/index.js';
import type { Deps } from '../deps.js';
import type { SlackClients } from '../installations/clients.js';
import { owe } from '../runtime/outbox-queries.js';
import type { Workspace } from '../slack/workspace.js';
import { spotlightPost } from './blocks.js';

/** Nobody is in the spotlight twice within this many weeks. */
const AGAIN_AFTER_WEEKS = 8;

const w = alias(workspaceSettings, 'w');
const p = alias(people, 'p');
const ps = alias(personSkills, 'ps');
const cs = alias(catalogueSkills, 'cs');
const s = alias(spotlights, 's');

interface Spotlit {
  teamId: string;
  enterpriseId: string | null;
  userId: string;
  skill: string;
  channel: string;
}

/**
 * Picks this week's spotlight in every workspace that has a spotlight channel and has none this week:
 * a member who opted in, not spotlit in the last 8 weeks, with their rarest skill (fewest holders)
 * first. The pick and its post are written in one transaction; the week's row makes it once a week.
 */
async function pickSpotlights(db: Db): Promise<Spotlit[]> {
  const week = sql`date_trunc('week', now())::date`;
  const columns = sql.join(
    [s.teamId, s.enterpriseId, s.week, s.userId, s.skill].map((c) => sql.identifier(c.name)),
    sql`, `,
  );
  return rowsOf<Spotlit>(
    db,
    sql`with teams as (
          select ${w.teamId} as team_id, ${w.enterpriseId} as enterprise_id, ${w.spotlightChannel} as channel
          from ${workspaceSettings} ${w}
          where coalesce(${w.spotlightChannel}, '') <> ''
            and not exists (select 1 from ${spotlights} ${s} where ${s.teamId} = ${w.teamId} and ${s.week} = ${week})),
        rarity as (
          select ${ps.teamId} as team_id, ${ps.catalogueSlug} as slug, count(*) as holders
          from ${personSkills} ${ps} join teams t on t.team_id = ${ps.teamId}
          where ${ps.kind} = 'skill' and ${ps.catalogueSlug} is not null and ${ps.mutedAt} is null
          group by 1, 2),
        picked as (
          select distinct on (t.team_id) t.team_id, t.enterprise_id, t.channel, ${p.userId} as user_id,
                 ${cs.name} as skill
          from teams t
          join ${people} ${p} on ${p.teamId} = t.team_id and ${p.spotlight}
            and not ${p.isGuest} and not ${p.deleted} and not ${p.isBot}
          join ${personSkills} ${ps} on ${ps.teamId} = ${p.teamId} and ${ps.userId} = ${p.userId}
            and ${ps.kind} = 'skill' and ${ps.mutedAt} is null
          join ${catalogueSkills} ${cs} on ${cs.slug} = ${ps.catalogueSlug}
          join rarity r on r.team_id = ${ps.teamId} and r.slug = ${ps.catalogueSlug}
          where not exists (select 1 from ${spotlights} ${s} where ${s.teamId} = t.team_id
                            and ${s.userId} = ${p.userId}
                            and ${s.week} > ${week} - make_interval(weeks => ${AGAIN_AFTER_WEEKS}))
          order by t.team_id, r.holders, ${p.userId}, ${cs.name}),
        made as (
          insert into ${spotlights} (${columns})
          select team_id, enterprise_id, ${week}, user_id, skill from picked
          on conflict do nothing
          returning team_id)
        select picked.team_id as "teamId", enterprise_id as "enterpriseId", user_id as "userId", skill, channel
        from picked join made using (team_id)`,
  );
}

/** The weekly spotlight, from the hourly housekeeping: at most one post a workspace a week. */
export async function postSpotlights(deps: Deps, clients: SlackClients): Promise<number> {
  const picked = await deps.db.transaction(async (tx) => {
    const rows = await pickSpotlights(tx);
    for (const r of rows) {
      const ws: Workspace = { teamId: r.teamId, enterpriseId: r.enterpriseId };
      await owe(tx, ws, [{ kind: 'message', message: { channel: r.channel, ...spotlightPost(r.userId, r.skill) } }]);
    }
    return rows.length;
  });
  if (picked > 0) await deps.outbox.sweep(clients);
  return picked;
}

/** `/skills spotlight channel #x` (or `off`), for admins: where the weekly spotlight goes, if anywhere. */
export async function setSpotlightChannel(db: Db, ws: Workspace, channel: string | null, by: string): Promise<void> {
  await db
    .insert(workspaceSettings)
    .values({ teamId: ws.teamId, enterpriseId: ws.enterpriseId ?? null, spotlightChannel: channel, updatedBy: by })
    .onConflictDoUpdate({
      target: workspaceSettings.teamId,
      set: { spotlightChannel: channel, updatedBy: by, updatedAt: sql`now()` },
    });
}
