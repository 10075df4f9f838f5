import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asks, chartFiles, personSkills, talentSnapshots } from '../src/db/schema/index.js';
import { refreshTalentSnapshots } from '../src/jobs/talent-snapshot.js';
import { ACTIONS } from '../src/slack/ids.js';
import { type Harness, startHarness, type TestTeam } from './support/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

/** A PNG's signature and its IHDR width and height. */
function pngSize(bytes: Buffer): { width: number; height: number } {
  expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  expect(bytes.subarray(12, 16).toString('latin1')).toBe('IHDR');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

/**
 * Ann: Python and Blogging, wants Photography. Bob: Python, wants Photography. Cat, a guest: Python
 * (never counted). Eve asks for Python, Photography and Blogging (Ann volunteers for the blog), and
 * once more for Blogging in a private channel (never counted).
 */
async function seeded(team: TestTeam) {
  const [ann, bob, cat, eve] = [team.user(), team.user(), team.user({ is_restricted: true }), team.user()];
  await team.skills(ann, 'add python, blogging');
  await team.skills(ann, 'interest photography');
  await team.skills(bob, 'add python');
  await team.skills(bob, 'interest photography');
  await team.skills(cat, 'add python');
  const python = await team.ask(eve, 'can someone help me with python scripting?');
  const photo = await team.ask(eve, 'who can take photography for our exhibition?');
  const blog = await team.ask(eve, 'we want to start a blogging habit, who can help?');
  const hidden = await team.ask(eve, 'blogging advice for the board, please');
  await h.database.db.update(asks).set({ isPrivate: true }).where(eq(asks.id, hidden.askId));
  await team.react(ann, blog);
  for (const [a, skill] of [
    [python, 'Python'],
    [photo, 'Photography'],
    [blog, 'Blogging'],
  ] as const) {
    const [row] = await h.database.db.select({ skills: asks.skills }).from(asks).where(eq(asks.id, a.askId));
    expect(row!.skills).toEqual([skill]);
  }
  return { ann, bob, cat, eve };
}

const dmTo = (user: string) => h.emulator.callsTo('chat.postMessage', (a) => a.channel === user).at(-1)!.args;
const uploads = () => h.emulator.callsTo('files.getUploadURLExternal').length;

describe('/skills map', () => {
  it("DMs the workspace's talent map with numbers counted from members' skills and public asks", async () => {
    const team = h.team();
    const { ann } = await seeded(team);
    const out = await team.skills(ann, 'map');
    expect(out.text).toContain('talent map in our DM');
    const text = JSON.stringify(dmTo(ann).blocks);
    expect(text).toContain('2 people have declared skills');
    expect(text).toContain('3 asks in the last 90 days');
    expect(text).toContain('*Top skills* (people who hold them): Python 2 · Blogging 1');
    expect(text).toContain('*Most asked for* (asks, last 90 days): Blogging 1 · Photography 1 · Python 1');
    expect(text).toContain('*Unmet demand*, asked for and nobody holds it: Photography 1');
    expect(text).toContain('*Asks that found no volunteer*, by skill: Photography 1 · Python 1');
    expect(text).toContain('*Most wanted to learn* (people interested): Photography 2');
    expect(text).toContain('*Software and technology*: 2 holders · 1 ask · 0 learners');
    expect(text).toContain('*Creative and media*: 0 holders · 1 ask · 2 learners');
    expect(text).toContain('*Writing and content*: 1 holder · 1 ask · 0 learners');
  });

  it('shows supply against demand as PNG charts drawn once a day, their alt text with the same numbers', async () => {
    const team = h.team();
    const { ann, bob } = await seeded(team);
    const before = uploads();
    await team.skills(ann, 'map');
    const asked = h.emulator.callsTo('files.getUploadURLExternal').slice(before);
    expect(asked.map((c) => c.args.filename)).toEqual(['supply_demand_category.png', 'supply_demand_skills.png']);
    const images = dmTo(ann).blocks.filter((b: any) => b.type === 'image');
    expect(images).toHaveLength(2);
    for (const [i, call] of asked.entries()) {
      const file = h.emulator.files.get(call.result!.file_id)!;
      expect(images[i].slack_file).toEqual({ id: file.id });
      expect(pngSize(file.bytes!)).toEqual({ width: 1440, height: 800 });
      expect(file.bytes!.length).toBe(Number(call.args.length));
      expect(images[i].alt_text).toBe(call.args.alt_text);
    }
    expect(images[0].alt_text).toContain('Software and technology: 2 holders of its skills, 1 asks');
    expect(images[0].alt_text).toContain('Creative and media: 0 holders of its skills, 1 asks');
    expect(images[1].alt_text).toContain('Python: 2 people hold it, 1 asks');
    expect(images[1].alt_text).toContain('Photography: 0 people hold it, 1 asks');

    // Within the day the same files are shown again: nothing drawn or uploaded.
    await team.skills(bob, 'map');
    expect(uploads()).toBe(before + 2);
    expect(dmTo(bob).blocks.filter((b: any) => b.type === 'image')).toEqual(images);
    const kept = await h.database.db.select().from(chartFiles).where(eq(chartFiles.teamId, team.teamId));
    expect(kept).toHaveLength(2);
  });

  it('draws the charts again on demand for an admin only', async () => {
    const team = h.team();
    const { ann } = await seeded(team);
    const admin = team.user({ is_admin: true });
    await team.skills(ann, 'map');
    const before = uploads();
    const refused = await team.skills(ann, 'map refresh');
    expect(refused.text).toContain('Only workspace admins and owners');
    expect(uploads()).toBe(before);
    await team.skills(admin, 'map refresh');
    expect(uploads()).toBe(before + 2);
  });

  it('is refused to guests, who are never shown members or counted', async () => {
    const team = h.team();
    const { cat } = await seeded(team);
    const out = await team.skills(cat, 'map');
    expect(out.text).toContain("guests can't see it");
    expect(h.emulator.callsTo('chat.postMessage', (a) => a.channel === cat)).toHaveLength(0);
  });

  it("lists a skill's holders best first in a modal from its button, guests left out", async () => {
    const team = h.team();
    const { ann, bob, cat } = await seeded(team);
    await team.skills(ann, 'map');
    const button = dmTo(ann)
      .blocks.find((b: any) => b.type === 'actions')
      .elements.find((e: any) => e.value === 'python');
    expect(button.text.text).toBe('Who knows Python?');
    await h.slack.buttonPress(
      team,
      bob,
      { action_id: button.action_id, value: 'python' },
      { channel: `D${bob}`, response_url: h.emulator.responseUrl() },
    );
    await h.idle();
    const modal = JSON.stringify(h.emulator.callsTo('views.open').at(-1)!.args.view);
    expect(modal).toContain('*Python*, best matches first');
    expect(modal).toContain(`<@${ann}>`);
    expect(modal).toContain(`<@${bob}>`);
    expect(modal).not.toContain(cat);
  });

  it('appears on the Home tab of members, with the category chart, and not on a guest’s', async () => {
    const team = h.team();
    const { ann, cat } = await seeded(team);
    await team.openHome(ann);
    const home = h.lastHome(ann);
    expect(home).toContain('Talent map');
    expect(home).toContain('2 people have declared skills');
    expect(home).toContain('"slack_file":{"id":"F');
    expect(home).not.toContain('Insights');
    await team.openHome(cat);
    expect(h.lastHome(cat)).not.toContain('Talent map');
  });

  it('leaves out the skills of people who left and a skill set aside with Not my area', async () => {
    const team = h.team();
    const [ann, bob, leo, eve] = [team.user(), team.user(), team.user(), team.user()];
    await team.skills(ann, 'add python, blogging');
    await team.skills(bob, 'add python');
    await team.skills(leo, 'add python, blogging');
    await h.slack.event(team, { type: 'user_change', user: { id: leo, team_id: team.teamId, deleted: true } });
    const blog = await team.ask(eve, 'we want to start a blogging habit, who can help?');
    expect((await team.press(ann, ACTIONS.notMyArea, { ...blog, channel: `D${ann}` })).reply.status).toBe(200);
    await h.idle();
    await team.skills(bob, 'map');
    const text = JSON.stringify(dmTo(bob).blocks);
    expect(text).toContain('2 people have declared skills');
    expect(text).toContain('*Top skills* (people who hold them): Python 2');
    expect(text).toContain('*Unmet demand*, asked for and nobody holds it: Blogging 1');
    expect(text).toContain('*Writing and content*: 0 holders · 1 ask · 0 learners');
  });

  it("counts hidden talents (skills job titles don't suggest), naming only people open to the spotlight", async () => {
    const team = h.team();
    const ann = team.user({ profile: { title: 'Payroll clerk' } });
    const bob = team.user({ profile: { title: 'Software engineer' } });
    const carl = team.user({ profile: { title: 'Accountant' } });
    const guest = team.user({ is_restricted: true, profile: { title: 'Clerk' } });
    const dora = team.user();
    await team.skills(ann, 'add python, blogging');
    for (const p of [bob, carl, guest, dora]) await team.skills(p, 'add python');
    for (const p of [ann, bob]) await team.skills(p, 'spotlight on');
    await team.skills(dora, 'map');
    const text = JSON.stringify(dmTo(dora).blocks);
    expect(text).toContain(
      `*Hidden talents:* 2 people outside Software and technology know Python (among them <@${ann}>); ` +
        `1 person outside Writing and content knows Blogging (among them <@${ann}>)`,
    );
    expect(text).not.toContain(carl);
  });
});

describe('the map from a snapshot', () => {
  const snapshots = (team: TestTeam) =>
    h.database.db
      .select({ kind: talentSnapshots.kind, builtAt: talentSnapshots.builtAt })
      .from(talentSnapshots)
      .where(eq(talentSnapshots.teamId, team.teamId))
      .orderBy(talentSnapshots.kind);
  /** The job's run `minutes` from now. */
  const job = (minutes = 0) => refreshTalentSnapshots(h.bot.deps, { at: new Date(Date.now() + minutes * 60_000) });
  const mapOf = async (team: TestTeam, user: string) => {
    await team.skills(user, 'map');
    return JSON.stringify(dmTo(user).blocks);
  };

  it('is counted once when first read and stored; later reads show it, as of then, until a job run', async () => {
    const team = h.team();
    const { ann, bob } = await seeded(team);
    expect(await snapshots(team)).toEqual([]);
    await mapOf(team, ann);
    expect((await snapshots(team)).map((s) => s.kind)).toEqual(['insights', 'map']);
    await team.skills(bob, 'add blogging');
    const stale = await mapOf(team, bob);
    expect(stale).toContain('*Top skills* (people who hold them): Python 2 · Blogging 1');
    expect(stale).toMatch(/As of <!date\^\d+\^\{date_short_pretty\} at \{time\}\|[^>]+>: counted every few minutes/);
    // Changed, but built under a minute ago: not yet.
    expect(await job()).not.toContain(team.teamId);
    expect(await job(2)).toContain(team.teamId);
    expect(await mapOf(team, bob)).toContain('*Top skills* (people who hold them): Blogging 2 · Python 2');
    // Nothing changed since: the next run leaves it alone.
    expect(await job(2)).not.toContain(team.teamId);
  });

  it('is counted again when 15 minutes old, changed or not (a row deleted leaves no trace to see)', async () => {
    const team = h.team();
    const { ann, bob } = await seeded(team);
    await mapOf(team, ann);
    await h.database.db
      .delete(personSkills)
      .where(and(eq(personSkills.teamId, team.teamId), eq(personSkills.userId, bob), eq(personSkills.norm, 'python')));
    expect(await job(5)).not.toContain(team.teamId);
    expect(await mapOf(team, ann)).toContain('Python 2 · Blogging 1');
    expect(await job(16)).toContain(team.teamId);
    expect(await mapOf(team, ann)).toContain('*Top skills* (people who hold them): Blogging 1 · Python 1');
  });

  it('is built once when two replicas run the job at the same moment', async () => {
    const team = h.team();
    const { ann } = await seeded(team);
    await team.openHome(ann);
    const [before] = await snapshots(team);
    const runs = await Promise.all([job(20), job(20), job(20)]);
    expect(runs.flat().filter((t) => t === team.teamId)).toHaveLength(1);
    const after = await snapshots(team);
    expect(after.map((s) => s.builtAt.getTime())).toEqual([after[0]!.builtAt.getTime(), after[0]!.builtAt.getTime()]);
    expect(after[0]!.builtAt.getTime()).toBeGreaterThan(before!.builtAt.getTime());
    expect(await job(2)).not.toContain(team.teamId);
  });

  it('forgets a forgotten person at once: the snapshot naming them goes in the same transaction', async () => {
    const team = h.team();
    const ann = team.user({ profile: { title: 'Payroll clerk' } });
    const [bob, dora] = [team.user({ profile: { title: 'Accountant' } }), team.user()];
    for (const p of [ann, bob]) await team.skills(p, 'add python');
    await team.skills(ann, 'spotlight on');
    expect(await mapOf(team, dora)).toContain(`know Python (among them <@${ann}>)`);
    await team.skills(ann, 'forget me');
    await team.press(ann, 'skills_forget_me', { askId: 'forget', channel: team.channel });
    await h.idle();
    expect(await snapshots(team)).toEqual([]);
    const after = await mapOf(team, dora);
    expect(after).not.toContain(ann);
    expect(after).toContain('1 person has declared skills');
    expect(
      await h.database.db
        .select()
        .from(talentSnapshots)
        .where(and(eq(talentSnapshots.teamId, team.teamId), eq(talentSnapshots.kind, 'map'))),
    ).toHaveLength(1);
  });
});
