import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf as query } from '../src/db/client.js';
import { asks, people, type personSkills, replies, volunteers, workspaceUninstalls } from '../src/db/schema/index.js';
import { workspaceTables } from '../src/installations/workspaces.js';
import { applyRetention } from '../src/jobs/retention.js';
import { type Harness, startHarness, type TestTeam } from './support/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ oauth: true });
});
afterAll(async () => {
  await h?.close();
});

/** A workspace with a bit of everything: skills, an ask, a volunteer, a reply. */
async function busy(team: TestTeam) {
  const [asker, helper] = [team.user(), team.user()];
  await team.skills(helper, 'add blogging');
  const ask = await team.ask(asker, 'we want to start a blog, who can help?');
  await team.react(helper, ask);
  await team.message({ user: helper, text: 'happy to', ts: '1800004000.000100', thread_ts: ask.ts });
  return ask;
}

/** How many rows each table holds for the workspace. */
async function rowsOf(teamId: string) {
  const db = h.database.db;
  const n = async (table: typeof asks | typeof volunteers | typeof replies | typeof people | typeof personSkills) =>
    (await db.select().from(table).where(eq(table.teamId, teamId))).length;
  return { asks: await n(asks), volunteers: await n(volunteers), replies: await n(replies), people: await n(people) };
}

const uninstalled = () => h.database.db.select().from(workspaceUninstalls);
/** Makes every recorded uninstall look `days` old. */
const ageUninstalls = (days: number) =>
  h.database.db.update(workspaceUninstalls).set({ uninstalledAt: sql`now() - make_interval(days => ${days})` });

describe('an uninstalled workspace', () => {
  it('loses its rows in every table that holds a team_id, none forgotten', async () => {
    const holding = await query<{ table_name: string }>(
      h.database.db,
      sql`select table_name from information_schema.columns
          where column_name = 'team_id' and table_schema = current_schema() and table_name <> 'installations'`,
    );
    // installations are forgotten at app_uninstalled itself, not after the grace period
    expect([...workspaceTables()].sort()).toEqual(holding.map((r) => r.table_name).sort());
  });

  it('has all its rows deleted UNINSTALL_GRACE_DAYS after app_uninstalled, and only its own', async () => {
    const [gone, staying] = [h.team(), h.team()];
    for (const team of [gone, staying]) {
      expect((await h.install({ teamId: team.teamId })).status).toBe(200);
      await busy(team);
    }
    await h.slack.event(gone, { type: 'app_uninstalled' });
    await h.idle();
    expect((await uninstalled()).map((u) => u.teamId)).toContain(gone.teamId);

    await ageUninstalls(h.env.UNINSTALL_GRACE_DAYS - 1);
    await applyRetention(h.bot.deps);
    expect((await rowsOf(gone.teamId)).asks).toBe(1);

    await ageUninstalls(h.env.UNINSTALL_GRACE_DAYS + 1);
    await applyRetention(h.bot.deps);
    expect(await rowsOf(gone.teamId)).toEqual({ asks: 0, volunteers: 0, replies: 0, people: 0 });
    expect(await rowsOf(staying.teamId)).toEqual({ asks: 1, volunteers: 1, replies: 1, people: 2 });
    expect((await uninstalled()).map((u) => u.teamId)).not.toContain(gone.teamId);
  });

  it('installed again within the grace period keeps all its rows', async () => {
    const team = h.team();
    await h.install({ teamId: team.teamId });
    await busy(team);
    await h.slack.event(team, { type: 'tokens_revoked', tokens: { bot: [`UBOT_${team.teamId}`] } });
    await h.idle();
    expect((await uninstalled()).map((u) => u.teamId)).toContain(team.teamId);
    expect((await h.install({ teamId: team.teamId })).status).toBe(200);
    expect((await uninstalled()).map((u) => u.teamId)).not.toContain(team.teamId);
    await ageUninstalls(h.env.UNINSTALL_GRACE_DAYS + 1);
    await applyRetention(h.bot.deps);
    expect(await rowsOf(team.teamId)).toEqual({ asks: 1, volunteers: 1, replies: 1, people: 2 });
  });

  it('an org-wide uninstall deletes every workspace of the Enterprise Grid org after the grace period', async () => {
    const enterpriseId = `E${Date.now()}`;
    await h.install({ enterpriseId, isEnterpriseInstall: true });
    const teams = [h.team({ enterpriseId, orgInstall: true }), h.team({ enterpriseId, orgInstall: true })];
    for (const team of teams) await busy(team);
    await h.slack.event(teams[0]!, { type: 'app_uninstalled' });
    await h.idle();
    expect(
      (await uninstalled())
        .filter((u) => u.enterpriseId === enterpriseId)
        .map((u) => u.teamId)
        .sort(),
    ).toEqual(teams.map((t) => t.teamId).sort());
    await ageUninstalls(h.env.UNINSTALL_GRACE_DAYS + 1);
    await applyRetention(h.bot.deps);
    for (const team of teams)
      expect(await rowsOf(team.teamId)).toEqual({ asks: 0, volunteers: 0, replies: 0, people: 0 });
  });
});
