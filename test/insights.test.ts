import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asks, credits, people, volunteers } from '../src/db/schema/index.js';
import { refreshTalentSnapshots } from '../src/jobs/talent-snapshot.js';
import { type Harness, startHarness, type TestTeam } from './support/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const dmTo = (user: string) => h.emulator.callsTo('chat.postMessage', (a) => a.channel === user).at(-1)?.args;

/** Monday of this week (UTC), as the weekly series names weeks. */
function thisMonday(): string {
  const d = new Date();
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return d.toISOString().slice(0, 10);
}

/** Gives a person credits for asks on these catalogue skills (seed data, as resolving would record). */
async function credit(team: TestTeam, userId: string, n: number, skills: string[] = []) {
  for (let i = 0; i < n; i++)
    await h.database.db.insert(credits).values({ teamId: team.teamId, userId, creditedBy: 'USOMEONE', skills });
}

/**
 * Three asks in the last 12 weeks: this week (a volunteer after 2 hours, resolved), a week ago (no
 * volunteer), three weeks ago (a volunteer after 4 hours); one 13 weeks ago and one in a private
 * channel, neither counted.
 */
async function seeded(team: TestTeam) {
  const [admin, member, asker, helper] = [team.user({ is_admin: true }), team.user(), team.user(), team.user()];
  type Ask = Awaited<ReturnType<TestTeam['ask']>>;
  const made: Ask[] = [];
  for (const text of ['first ask', 'second ask', 'third ask', 'old ask', 'private ask'])
    made.push(await team.ask(asker, `${text}: who can help?`));
  const [now, weekAgo, threeWeeks, old, hidden] = made as [Ask, Ask, Ask, Ask, Ask];
  await team.react(helper, now);
  await team.react(helper, threeWeeks);
  await h.age(weekAgo.askId, 7 * 24);
  await h.age(threeWeeks.askId, 21 * 24);
  await h.age(old.askId, 13 * 7 * 24);
  await h.database.db.update(asks).set({ isPrivate: true }).where(eq(asks.id, hidden.askId));
  await h.database.db.update(asks).set({ status: 'resolved' }).where(eq(asks.id, now.askId));
  for (const [a, hours] of [
    [now, 2],
    [threeWeeks, 4],
  ] as const) {
    await h.database.db
      .update(volunteers)
      .set({
        createdAt: sql`(select ${asks.createdAt} from ${asks} where ${asks.id} = ${a.askId})
          + make_interval(hours => ${hours})`,
      })
      .where(eq(volunteers.askId, a.askId));
  }
  return { admin, member, asker, helper };
}

describe('/skills report', () => {
  it('DMs an admin asks a week for 12 weeks, shares volunteered and resolved, median wait, top helpers', async () => {
    const team = h.team();
    const { admin, helper, asker } = await seeded(team);
    const shy = team.user();
    await team.skills(shy, 'add python');
    await h.database.db.update(people).set({ historyHidden: true }).where(eq(people.userId, shy));
    await credit(team, helper, 2);
    await credit(team, asker, 1);
    await credit(team, shy, 3);

    const out = await team.skills(admin, 'report');
    expect(out.text).toContain('insights in our DM');
    const text = JSON.stringify(dmTo(admin)!.blocks);
    expect(text).toContain('*Asks in the last 12 weeks:* 3 (this week 1, weekly: 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 1)');
    expect(text).toContain('*Got a volunteer:* 67% (2)');
    expect(text).toContain('*Median time to the first volunteer:* 3 hours');
    expect(text).toContain('*Resolved:* 33% (1)');
    expect(text).toContain(`*Top helpers* (credits): <@${helper}> 2 · <@${asker}> 1`);
    expect(text).not.toContain(shy);

    const image = dmTo(admin)!.blocks.find((b: any) => b.type === 'image');
    const file = h.emulator.files.get(image.slack_file.id)!;
    expect(file.bytes!.subarray(1, 4).toString()).toBe('PNG');
    expect(image.alt_text).toContain(`week of ${thisMonday()}: 1 asks, 1 got a volunteer, 1 resolved`);
  });

  it('is refused to members, and shown on the Home tab of admins only', async () => {
    const team = h.team();
    const { admin, member } = await seeded(team);
    const out = await team.skills(member, 'report');
    expect(out.text).toContain('Only workspace admins and owners');
    expect(dmTo(member)).toBeUndefined();
    await team.openHome(member);
    expect(h.lastHome(member)).not.toContain('Insights');
    await team.openHome(admin);
    expect(h.lastHome(admin)).toContain('Insights (admins only)');
    expect(h.lastHome(admin)).toContain('*Got a volunteer:* 67% (2)');
  });

  it('asks Slack whether the person is still an admin, not a stale cache', async () => {
    const team = h.team();
    const { admin } = await seeded(team);
    await team.skills(admin, 'list');
    h.emulator.users.set(admin, { ...h.emulator.users.get(admin)!, is_admin: false });
    expect((await team.skills(admin, 'report')).text).toContain('Only workspace admins and owners');
  });
});

describe('/skills report from a snapshot', () => {
  const report = async (team: TestTeam, admin: string) => {
    await team.skills(admin, 'report');
    return JSON.stringify(dmTo(admin)!.blocks);
  };

  it('shows the figures as of their last count; a job run after a new ask shows it', async () => {
    const team = h.team();
    const { admin, asker } = await seeded(team);
    expect(await report(team, admin)).toContain('*Asks in the last 12 weeks:* 3 (this week 1,');
    await team.ask(asker, 'one more ask: who can help?');
    const stale = await report(team, admin);
    expect(stale).toContain('*Asks in the last 12 weeks:* 3 (this week 1,');
    expect(stale).toMatch(/As of <!date\^\d+\^\{date_short_pretty\} at \{time\}/);
    expect(await refreshTalentSnapshots(h.bot.deps, { at: new Date(Date.now() + 120_000) })).toContain(team.teamId);
    expect(await report(team, admin)).toContain('*Asks in the last 12 weeks:* 4 (this week 2,');
  });

  it('leaves out at once a helper who hides their history, before the next count', async () => {
    const team = h.team();
    const { admin, helper, asker } = await seeded(team);
    await credit(team, helper, 2);
    await credit(team, asker, 1);
    expect(await report(team, admin)).toContain(`*Top helpers* (credits): <@${helper}> 2 · <@${asker}> 1`);
    await team.skills(helper, 'history off');
    const after = await report(team, admin);
    expect(after).toContain(`*Top helpers* (credits): <@${asker}> 1`);
    expect(after).not.toContain(helper);
  });
});

describe('/skills export all', () => {
  it('DMs an admin the skills matrix as CSV: person, skill, kind, category, credits', async () => {
    const team = h.team();
    const [admin, ann, bob, leaver] = [team.user({ is_admin: true }), team.user(), team.user(), team.user()];
    await team.skills(ann, 'add python, blogging');
    await team.skills(ann, 'interest photography');
    await team.skills(bob, 'add "=1+2", python');
    await team.skills(leaver, 'add python');
    await h.database.db.update(people).set({ deleted: true }).where(eq(people.userId, leaver));
    await credit(team, ann, 2, ['python']);
    await credit(team, ann, 1, ['blogging', 'python']);

    const out = await team.skills(admin, 'export all');
    expect(out.text).toContain('skills matrix (5 rows)');
    const asked = h.emulator.callsTo('files.getUploadURLExternal').at(-1)!;
    const file = h.emulator.files.get(asked.result!.file_id)!;
    expect(file.filename).toBe('who-can-help-skills-matrix.csv');
    expect(file.channel).toBe(`D${admin}`);
    const lines = file.content!.trim().split('\r\n');
    expect(lines[0]).toBe('person_id,person,skill,kind,category,credits');
    expect(lines.slice(1).sort()).toEqual(
      [
        `${ann},${ann},Blogging,skill,Writing and content,1`,
        `${ann},${ann},Python,skill,Software and technology,3`,
        `${ann},${ann},Photography,interest,Creative and media,0`,
        `${bob},${bob},'=1+2,skill,,0`,
        `${bob},${bob},Python,skill,Software and technology,0`,
      ].sort(),
    );
  });

  it('is refused to members, and sends them nothing', async () => {
    const team = h.team();
    const member = team.user();
    const before = h.emulator.callsTo('files.getUploadURLExternal').length;
    expect((await team.skills(member, 'export all')).text).toContain('Only workspace admins and owners');
    expect(h.emulator.callsTo('files.getUploadURLExternal')).toHaveLength(before);
  });
});
