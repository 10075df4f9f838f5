import { eq, type SQL, sql } from 'drizzle-orm';
import { type AnyPgColumn, getTableConfig, type PgTable } from 'drizzle-orm/pg-core';
import { type Db, rowsOf } from '../db/client.js';
import {
  askMatches,
  asks,
  chartFiles,
  credits,
  digestDeliveries,
  digestWeeks,
  forgottenPeople,
  freeSkillNames,
  inbox,
  mentorOffers,
  outbox,
  people,
  personSkills,
  replies,
  skillChanges,
  skillOffers,
  slackEvents,
  spotlights,
  talentSnapshots,
  volunteers,
  workspaceSettings,
  workspaceUninstalls,
} from '../db/schema/index.js';

/**
 * Every table holding a workspace's rows, children before the asks they belong to. A table that
 * gains a team_id must be added here, or an uninstalled workspace's rows in it outlive the grace.
 */
const byTeam: Array<{ table: PgTable; teamId: AnyPgColumn }> = [
  { table: askMatches, teamId: askMatches.teamId },
  { table: credits, teamId: credits.teamId },
  { table: skillOffers, teamId: skillOffers.teamId },
  { table: mentorOffers, teamId: mentorOffers.teamId },
  { table: spotlights, teamId: spotlights.teamId },
  { table: chartFiles, teamId: chartFiles.teamId },
  { table: talentSnapshots, teamId: talentSnapshots.teamId },
  { table: replies, teamId: replies.teamId },
  { table: volunteers, teamId: volunteers.teamId },
  { table: asks, teamId: asks.teamId },
  { table: personSkills, teamId: personSkills.teamId },
  // emptied by person_skills' trigger as the rows above go; listed so no workspace's names outlive it
  { table: freeSkillNames, teamId: freeSkillNames.teamId },
  { table: digestDeliveries, teamId: digestDeliveries.teamId },
  { table: digestWeeks, teamId: digestWeeks.teamId },
  { table: people, teamId: people.teamId },
  // after the two above, whose triggers write to it
  { table: skillChanges, teamId: skillChanges.teamId },
  { table: workspaceSettings, teamId: workspaceSettings.teamId },
  { table: forgottenPeople, teamId: forgottenPeople.teamId },
  { table: outbox, teamId: outbox.teamId },
  { table: inbox, teamId: inbox.teamId },
  { table: slackEvents, teamId: slackEvents.teamId },
  { table: workspaceUninstalls, teamId: workspaceUninstalls.teamId },
];

/** The names of the tables an uninstalled workspace's rows are deleted from. */
export const workspaceTables = (): string[] => byTeam.map((t) => getTableConfig(t.table).name);

/** The tables that say which org a workspace belongs to. */
const byEnterprise: Array<{ table: PgTable; teamId: AnyPgColumn; enterpriseId: AnyPgColumn }> = [
  { table: people, teamId: people.teamId, enterpriseId: people.enterpriseId },
  { table: asks, teamId: asks.teamId, enterpriseId: asks.enterpriseId },
  { table: personSkills, teamId: personSkills.teamId, enterpriseId: personSkills.enterpriseId },
  { table: workspaceSettings, teamId: workspaceSettings.teamId, enterpriseId: workspaceSettings.enterpriseId },
  { table: digestDeliveries, teamId: digestDeliveries.teamId, enterpriseId: digestDeliveries.enterpriseId },
  { table: forgottenPeople, teamId: forgottenPeople.teamId, enterpriseId: forgottenPeople.enterpriseId },
  { table: outbox, teamId: outbox.teamId, enterpriseId: outbox.enterpriseId },
];

/** Every workspace of a Grid org that holds any rows here (an org-wide uninstall takes them all). */
export async function enterpriseWorkspaces(db: Db, enterpriseId: string): Promise<string[]> {
  // A union over several tables, which the query builder cannot say; tables named through the schema.
  const selects: SQL[] = byEnterprise.map(
    (t) => sql`select ${t.teamId} as team_id from ${t.table} where ${t.enterpriseId} = ${enterpriseId}`,
  );
  const rows = await rowsOf<{ team_id: string }>(db, sql.join(selects, sql` union `));
  return rows.map((r) => r.team_id);
}

/** Deletes everything held for a workspace, in one transaction; how many rows went. */
export async function deleteWorkspaceRows(db: Db, teamId: string): Promise<number> {
  return db.transaction(async (tx) => {
    // A whole workspace's rows: longer than the 5 s a request's statement may take.
    await tx.execute(sql`set local statement_timeout = '5min'`);
    let n = 0;
    for (const t of byTeam)
      n += (await tx.delete(t.table).where(eq(t.teamId, teamId)).returning({ teamId: t.teamId })).length;
    return n;
  });
}
