import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spotlights } from '../src/db/schema/index.js';
import { postSpotlights } from '../src/talent/spotlight.js';
import { type Harness, startHarness, type TestTeam } from './support/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const posts = (channel: string) => h.emulator.callsTo('chat.postMessage', (a) => a.channel === channel);
/** Moves the team's spotlights `weeks` back, as if that much time had passed. */
const later = (team: TestTeam, weeks: number) =>
  h.database.db
    .update(spotlights)
    .set({ week: sql`${spotlights.week} - make_interval(weeks => ${weeks})` })
    .where(eq(spotlights.teamId, team.teamId));

/** Runs the hourly spotlight job (every workspace in the database); how many this team got from it. */
async function spotlit(team: TestTeam): Promise<number> {
  const count = async () =>
    (await h.database.db.select().from(spotlights).where(eq(spotlights.teamId, team.teamId))).length;
  const before = await count();
  await postSpotlights(h.bot.deps, h.clients);
  return (await count()) - before;
}

describe('the weekly spotlight', () => {
  it('is off until an admin picks its channel, which members cannot do', async () => {
    const team = h.team();
    const [admin, member, ann] = [team.user({ is_admin: true }), team.user(), team.user()];
    await team.skills(ann, 'add calligraphy');
    await team.skills(ann, 'spotlight on');
    expect(await spotlit(team)).toBe(0);
    const refused = await team.skills(member, 'spotlight channel <#CSPOT1|spotlight>');
    expect(refused.text).toContain('Only workspace admins and owners');
    expect(await spotlit(team)).toBe(0);
    expect((await team.skills(admin, 'spotlight channel <#CSPOT1|spotlight>')).text).toContain('<#CSPOT1>');
    expect(await spotlit(team)).toBe(1);
    await team.skills(admin, 'spotlight channel off');
    await later(team, 1);
    expect(await spotlit(team)).toBe(0);
  });

  it('names only people who opted in, rarer skills first, weekly, nobody twice in 8 weeks, no guest', async () => {
    const team = h.team();
    const channel = `C${team.teamId.slice(1)}`;
    const [admin, ann, bob, dan, guest] = [
      team.user({ is_admin: true }),
      team.user(),
      team.user(),
      team.user(),
      team.user({ is_restricted: true }),
    ];
    await team.skills(ann, 'add python, calligraphy');
    await team.skills(bob, 'add python');
    await team.skills(dan, 'add python, photography');
    await team.skills(guest, 'add video editing');
    for (const p of [ann, bob, guest]) expect((await team.skills(p, 'spotlight on')).text).toMatch(/spotlight|guests/);
    await team.skills(admin, `spotlight channel ${channel}`);

    expect(await spotlit(team)).toBe(1);
    expect(posts(channel).at(-1)!.args.text).toBe(
      `:sparkles: Did you know? <@${ann}> knows Calligraphy and is happy to help.`,
    );
    expect(await spotlit(team)).toBe(0);
    await later(team, 1);
    expect(await spotlit(team)).toBe(1);
    expect(posts(channel).at(-1)!.args.text).toContain(`<@${bob}> knows Python`);
    // Ann and Bob were in it 2 and 1 weeks ago; Dan never opted in, the guest is no member.
    await later(team, 1);
    expect(await spotlit(team)).toBe(0);
    await later(team, 6);
    expect(await spotlit(team)).toBe(1);
    expect(posts(channel).at(-1)!.args.text).toContain(`<@${ann}> knows Calligraphy`);
    const texts = posts(channel)
      .map((c) => c.args.text)
      .join('\n');
    expect(texts).not.toContain(dan);
    expect(texts).not.toContain(guest);
  });
});
