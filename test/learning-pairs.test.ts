import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mentorOffers } from '../src/db/schema/index.js';
import { offerLearningPairs } from '../src/talent/pairs.js';
import { type Harness, startHarness, type TestTeam } from './support/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const offers = (mentor: string) =>
  h.emulator.callsTo('chat.postMessage', (a) => a.channel === mentor && /wants to learn/.test(a.text));
const week = async (team: TestTeam) =>
  h.database.db
    .update(mentorOffers)
    .set({ offeredAt: sql`${mentorOffers.offeredAt} - interval '7 days'` })
    .where(eq(mentorOffers.teamId, team.teamId));

/** Runs the week's pairing (for every workspace in the database) and counts this team's offers so far. */
async function pairing(team: TestTeam): Promise<number> {
  await offerLearningPairs(h.bot.deps, h.clients);
  return (await h.database.db.select().from(mentorOffers).where(eq(mentorOffers.teamId, team.teamId))).length;
}

/** Two mentors of Python, a holder who is no mentor, two learners and a guest who wants to learn it. */
async function seeded(team: TestTeam) {
  const [m1, m2, holder, l1, l2, guest] = [
    team.user(),
    team.user(),
    team.user(),
    team.user(),
    team.user(),
    team.user({ is_restricted: true }),
  ];
  for (const m of [m1, m2]) {
    await team.skills(m, 'add python');
    expect((await team.skills(m, 'mentor on')).text).toContain('open to teaching');
  }
  await team.skills(holder, 'add python');
  await team.skills(guest, 'interest python');
  return { m1, m2, holder, l1, l2, guest };
}

describe('learning pairs', () => {
  it('/skills learn records the interest and names the mentors who hold it, not other holders', async () => {
    const team = h.team();
    const { m1, m2, holder, l1 } = await seeded(team);
    const out = await team.skills(l1, 'learn python');
    expect(out.text).toContain('Added *Python* to your interests');
    expect(out.text).toContain(`<@${m1}>`);
    expect(out.text).toContain(`<@${m2}>`);
    expect(out.text).not.toContain(holder);
    expect((await team.skills(l1, 'list')).text).toContain('*Interests:* *Python*');
    expect((await team.skills(team.user({ is_restricted: true }), 'mentor on')).text).toContain("guests can't");
  });

  it('offers each mentor one learner a week, each learner once a week, never a guest, and no pair twice', async () => {
    const team = h.team();
    const { m1, m2, holder, l1, l2, guest } = await seeded(team);
    await team.skills(l1, 'learn python');
    await team.skills(l2, 'learn python');

    expect(await pairing(team)).toBe(2);
    const first = [m1, m2].map((m) => offers(m));
    expect(first.map((o) => o.length)).toEqual([1, 1]);
    const learnerOf = (m: string) => offers(m).at(-1)!.args.blocks[0].accessory.value as string;
    expect([learnerOf(m1), learnerOf(m2)].sort()).toEqual([l1, l2].sort());
    expect(offers(m1)[0]!.args.text).toBe(`<@${learnerOf(m1)}> wants to learn Python. Say hello?`);
    expect(offers(holder)).toHaveLength(0);

    // The same week: nothing more.
    expect(await pairing(team)).toBe(2);
    // A week on, each mentor gets the other learner; a week after that, nobody is left to offer.
    const before = [learnerOf(m1), learnerOf(m2)];
    await week(team);
    expect(await pairing(team)).toBe(4);
    expect([learnerOf(m1), learnerOf(m2)]).toEqual([before[1], before[0]]);
    await week(team);
    expect(await pairing(team)).toBe(4);
    const all = await h.database.db.select().from(mentorOffers).where(eq(mentorOffers.teamId, team.teamId));
    expect(all).toHaveLength(4);
    expect(all.map((o) => o.learnerId)).not.toContain(guest);
  });

  it('offers nobody to a mentor who turned it off', async () => {
    const team = h.team();
    const { m1, m2, l1 } = await seeded(team);
    await team.skills(m1, 'mentor off');
    await team.skills(m2, 'mentor off');
    await team.skills(l1, 'learn python');
    expect(await pairing(team)).toBe(0);
  });

  it('Say hello opens one group DM of the mentor, the learner and the bot, only for an offer made', async () => {
    const team = h.team();
    const { m1, m2, l1 } = await seeded(team);
    await team.skills(m2, 'mentor off');
    await team.skills(l1, 'learn python');
    expect(await pairing(team)).toBe(1);
    const press = async (user: string, value: string) => {
      const url = h.emulator.responseUrl();
      await h.slack.buttonPress(
        team,
        user,
        { action_id: 'pair_say_hello', value },
        { channel: `D${user}`, response_url: url },
      );
      await h.idle();
      return h.emulator.responses
        .filter((r) => r.url === url)
        .map((r) => r.body.text)
        .join('\n');
    };
    expect(await press(m1, l1)).toContain('I started a conversation');
    expect(await press(m1, l1)).toContain('I started a conversation');
    const opened = h.emulator.callsTo('conversations.open', (a) => a.users === `${m1},${l1}`);
    const channel = opened[0]!.result!.channel.id as string;
    const intros = h.emulator.callsTo('chat.postMessage', (a) => a.channel === channel);
    expect(intros).toHaveLength(1);
    expect(intros[0]!.args.text).toContain(`<@${m1}>, meet <@${l1}>, who wants to learn Python`);

    expect(await press(m2, l1)).toContain("isn't open any more");
    expect(h.emulator.callsTo('conversations.open', (a) => a.users === `${m2},${l1}`)).toHaveLength(0);
  });
});
