import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asks, volunteers } from '../src/db/schema/index.js';
import { type Harness, startHarness, type TestTeam } from './support/harness.js';
import { pressValue, resolveWithForm } from './support/helping.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const askRow = async (askId: string) => (await h.database.db.select().from(asks).where(eq(asks.id, askId)))[0]!;
const volunteerRow = async (askId: string, userId: string) =>
  (
    await h.database.db
      .select()
      .from(volunteers)
      .where(and(eq(volunteers.askId, askId), eq(volunteers.userId, userId)))
  )[0];
/** Top-level messages posted to a person's DM (a thread reply is not a new DM). */
const topDms = (user: string) => h.dmsTo(user).filter((c) => !c.args.thread_ts);
const repliesUnder = (ts: string) => h.emulator.callsTo('chat.postMessage', (a) => a.thread_ts === ts);
const lastRender = (channel: string, ts: string) =>
  JSON.stringify(h.emulator.callsTo('chat.update', (a) => a.channel === channel && a.ts === ts).at(-1)?.args.blocks);

async function setup(text = 'who can help us pick a new logo?') {
  const team = h.team();
  const asker = team.user({ real_name: 'Alice Chen' });
  const ask = await team.ask(asker, text);
  const row = await askRow(ask.askId);
  return { team, asker, ask, dm: { channel: row.askerDmChannel!, ts: row.askerDmTs! } };
}

const helperNamed = (team: TestTeam, name: string) => team.user({ real_name: name, profile: { display_name: name } });

describe("the asker's one living DM", () => {
  it('is posted with the ask, with Mark resolved, and recorded on the ask', async () => {
    const { asker, ask, dm } = await setup();
    const [posted] = topDms(asker);
    expect(topDms(asker)).toHaveLength(1);
    expect(posted!.result!.ts).toBe(dm.ts);
    expect(posted!.args.text).toContain('who can help us pick a new logo?');
    expect(JSON.stringify(posted!.args.blocks)).toMatch(
      new RegExp(`"action_id":"ask_resolve".*"value":"${ask.askId}"`),
    );
    expect(JSON.stringify(posted!.args.blocks)).toContain('No volunteers yet');
  });

  it('is updated in place as volunteers come and go; each newcomer is a short reply under it', async () => {
    const { team, asker, ask, dm } = await setup();
    const bob = helperNamed(team, 'Bob');
    const carol = helperNamed(team, 'Carol');
    await team.react(bob, ask);
    await team.press(carol, 'ask_volunteer', ask);
    expect(topDms(asker)).toHaveLength(1);
    const shown = lastRender(dm.channel, dm.ts);
    expect(shown).toContain(`2 volunteers:* <@${bob}>, <@${carol}>`);
    expect(shown).toContain(`"value":"${ask.askId}:${bob}"`);
    expect(shown).toContain('Go with @Carol');
    expect(shown).toContain('ask_resolve');
    const replies = repliesUnder(dm.ts);
    expect(replies.map((r) => r.args.channel)).toEqual([dm.channel, dm.channel]);
    expect(replies.map((r) => r.args.text)).toEqual([
      expect.stringContaining(`<@${bob}> can help`),
      expect.stringContaining(`<@${carol}> can help`),
    ]);

    // Bob takes his reaction back and adds it again: the DM follows, the asker is not told twice.
    await team.react(bob, ask, { removed: true });
    expect(lastRender(dm.channel, dm.ts)).toContain(`1 volunteer:* <@${carol}>`);
    await team.react(bob, ask);
    expect(repliesUnder(dm.ts)).toHaveLength(2);
    expect(topDms(asker)).toHaveLength(1);
  });

  it('follows the helping loop: on it, then resolved without buttons', async () => {
    const { team, asker, ask, dm } = await setup();
    const bob = helperNamed(team, 'Bob');
    await team.react(bob, ask);
    await pressValue(h, team, asker, 'ask_go_with', `${ask.askId}:${bob}`);
    expect(lastRender(dm.channel, dm.ts)).toContain(`<@${bob}> is on it`);
    await resolveWithForm(h, team, asker, ask);
    const closed = lastRender(dm.channel, dm.ts);
    expect(closed).toContain('Resolved');
    expect(closed).not.toContain('ask_go_with');
    expect(topDms(asker).filter((c) => c.args.text?.includes('Your ask'))).toHaveLength(1);
  });
});

describe('when the channel is archived', () => {
  it("the ask's message cannot be updated, yet the asker's and the volunteer's DMs close", async () => {
    const { team, asker, ask, dm } = await setup();
    const bob = helperNamed(team, 'Bob');
    await team.react(bob, ask);
    const bobDm = (await volunteerRow(ask.askId, bob))!;
    h.emulator.fail('chat.update', { error: 'is_archived' }, 10, (a) => a.channel === ask.channel);
    await resolveWithForm(h, team, asker, ask);
    expect(lastRender(dm.channel, dm.ts)).toContain('Resolved');
    expect(lastRender(dm.channel, dm.ts)).not.toContain('ask_go_with');
    expect(lastRender(bobDm.dmChannel!, bobDm.dmTs!)).not.toContain('Withdraw');
  });
});

describe("a volunteer's confirmation DM", () => {
  it('comes once, by reaction or button, and Withdraw in it works and says so', async () => {
    const { team, asker, ask } = await setup();
    const bob = helperNamed(team, 'Bob');
    await team.react(bob, ask);
    await team.press(bob, 'ask_volunteer', ask);
    const mine = topDms(bob);
    expect(mine).toHaveLength(1);
    expect(mine[0]!.args.text).toContain('You offered to help');
    expect(JSON.stringify(mine[0]!.args.blocks)).toContain(`"action_id":"ask_withdraw"`);
    const row = await volunteerRow(ask.askId, bob);
    expect(row).toMatchObject({ dmChannel: mine[0]!.result!.channel, dmTs: mine[0]!.result!.ts });

    // Days later, from the DM itself (its response_url long gone is no matter: the DM is updated).
    await pressValue(h, team, bob, 'ask_withdraw', ask.askId);
    expect(await volunteerRow(ask.askId, bob)).toBeUndefined();
    const withdrawn = lastRender(row!.dmChannel!, row!.dmTs!);
    expect(withdrawn).toContain('You withdrew your offer');
    expect(withdrawn).toContain('ask_volunteer');

    // Offering again re-uses the same DM.
    await pressValue(h, team, bob, 'ask_volunteer', ask.askId);
    expect(topDms(bob)).toHaveLength(1);
    expect(lastRender(row!.dmChannel!, row!.dmTs!)).toContain('You offered to help');
    expect(await volunteerRow(ask.askId, bob)).toMatchObject({ dmTs: row!.dmTs });

    // Once the ask is resolved, the DM thanks them and loses its Withdraw.
    await resolveWithForm(h, team, asker, ask);
    const closed = lastRender(row!.dmChannel!, row!.dmTs!);
    expect(closed).toContain('It is closed now; thank you for offering');
    expect(closed).not.toContain('ask_withdraw');
    const late = await pressValue(h, team, bob, 'ask_withdraw', ask.askId);
    expect(late.texts).toEqual([expect.stringContaining('This ask is closed')]);
  });

  it('lists the ask on their Home tab under "Asks you\'re helping with" until they withdraw', async () => {
    const { team, ask } = await setup();
    const bob = helperNamed(team, 'Bob');
    await team.openHome(bob);
    await team.react(bob, ask);
    const home = h.lastHome(bob);
    expect(home).toContain("Asks you're helping with");
    expect(home).toMatch(new RegExp(`"action_id":"ask_withdraw"[^}]*}?,"value":"${ask.askId}"`));
    await team.react(bob, ask, { removed: true });
    expect(h.lastHome(bob)).not.toContain("Asks you're helping with");
  });
});

describe('Go with @X', () => {
  it('opens a group DM of asker, helper and bot with a one-line introduction, once', async () => {
    const { team, asker, ask } = await setup();
    const bob = helperNamed(team, 'Bob');
    await team.react(bob, ask);
    await pressValue(h, team, asker, 'ask_go_with', `${ask.askId}:${bob}`);
    await pressValue(h, team, asker, 'ask_go_with', `${ask.askId}:${bob}`);
    const opened = h.emulator.callsTo('conversations.open', (a) => a.users === `${asker},${bob}`);
    expect(opened.length).toBeGreaterThan(0);
    const group = opened[0]!.result!.channel.id as string;
    const intro = h.emulator.callsTo('chat.postMessage', (a) => a.channel === group);
    expect(intro).toHaveLength(1);
    expect(intro[0]!.args.text).toContain(`<@${asker}>, meet <@${bob}>, who offered to help with:`);
    expect(intro[0]!.args.text).toContain('pick a new logo');
  });

  it('never opens one for an anonymous ask; the asker still has their DM and a reveal under each reply', async () => {
    const team = h.team();
    const asker = team.user();
    const bob = helperNamed(team, 'Bob');
    await team.ask(asker, 'anonymously how do I raise a concern about my manager?');
    const post = h.emulator.callsTo('chat.postMessage', (a) => a.text?.startsWith('Someone asks')).at(-1)!;
    const askId = post.args.blocks.find((b: any) => b.type === 'actions').elements[0].value as string;
    const ask = { askId, channel: post.result!.channel as string, ts: post.result!.ts as string };
    await team.react(bob, ask);
    const row = await askRow(ask.askId);
    expect(row.askerDmTs).toBeTruthy();
    const [reply] = repliesUnder(row.askerDmTs!);
    expect(JSON.stringify(reply!.args.blocks)).toContain('ask_reveal_to_volunteer');
    await pressValue(h, team, asker, 'ask_go_with', `${ask.askId}:${bob}`);
    expect(h.emulator.callsTo('conversations.open', (a) => a.users === `${asker},${bob}`)).toHaveLength(0);
    // Nobody but the asker is shown who asked.
    const elsewhere = h.emulator.callsTo(
      'chat.postMessage',
      (a) => a.channel !== asker && a.channel !== row.askerDmChannel,
    );
    expect(JSON.stringify(elsewhere.map((c) => c.args))).not.toContain(asker);
  });
});

describe('who hears of an ask how', () => {
  it('/skills help says skills bring a DM or a quoting mention, interests the digest', async () => {
    const team = h.team();
    const { text } = await team.skills(team.user(), 'help');
    expect(text).toContain("How you hear of asks: when your *skills* match, a DM or a mention in the ask's thread");
    expect(text).toContain('only your *interests* come in your weekly digest');
  });
});
