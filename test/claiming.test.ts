import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asks } from '../src/db/schema/index.js';
import { nudgeClaims } from '../src/jobs/claim-nudge.js';
import { serverUrl } from './support/database.js';
import { type Harness, startHarness } from './support/harness.js';
import { pressValue, startReplica } from './support/helping.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const dmsTo = (user: string, text?: string) => h.dmsTo(user, text);
const lastUpdate = (ts: string) =>
  JSON.stringify(h.emulator.callsTo('chat.update', (a) => a.ts === ts).at(-1)?.args.blocks);
const rowOf = async (askId: string) => (await h.database.db.select().from(asks).where(eq(asks.id, askId)))[0]!;
const goWith = (askId: string, user: string) => `${askId}:${user}`;

async function setup(volunteers = 3) {
  const team = h.team();
  const asker = team.user();
  const ask = await team.ask(asker, 'who can help us pick a new logo?');
  const helpers = Array.from({ length: volunteers }, () => team.user());
  for (const helper of helpers) await team.react(helper, ask);
  return { team, asker, ask, helpers };
}

describe('taking an ask on', () => {
  it("the asker's DM about the ask has Go with: the ask shows them on it, they're told, rest let go", async () => {
    const { team, asker, ask, helpers } = await setup();
    const [chosen, ...others] = helpers as [string, ...string[]];
    // The asker's one living DM about the ask carries a Go with button per volunteer.
    const button = lastUpdate((await rowOf(ask.askId)).askerDmTs!);
    expect(button).toContain(`"action_id":"ask_go_with"`);
    expect(button).toContain(`"value":"${goWith(ask.askId, chosen)}"`);
    expect(button).toContain('Go with @');

    const { texts } = await pressValue(h, team, asker, 'ask_go_with', goWith(ask.askId, chosen));
    expect(texts).toEqual([expect.stringContaining(`You're going with <@${chosen}>`)]);
    expect(lastUpdate(ask.ts)).toContain(`<@${chosen}> is on it`);
    expect((await rowOf(ask.askId)).claimedBy).toBe(chosen);
    const told = dmsTo(chosen, 'is going with you');
    expect(told).toHaveLength(1);
    expect(JSON.stringify(told[0]!.args.blocks)).toContain('ask_hand_back');
    for (const other of others) expect(dmsTo(other, 'Thank you for offering')).toHaveLength(1);
  });

  it('pressing Go with twice acts once, and a stale or someone else’s press changes nothing', async () => {
    const { team, asker, ask, helpers } = await setup(2);
    const [chosen, other] = helpers as [string, string];
    await pressValue(h, team, asker, 'ask_go_with', goWith(ask.askId, chosen));
    const again = await pressValue(h, team, asker, 'ask_go_with', goWith(ask.askId, chosen));
    expect(again.texts).toEqual([expect.stringContaining("You're already going with")]);
    const stranger = await pressValue(h, team, team.user(), 'ask_go_with', goWith(ask.askId, other));
    expect(stranger.texts).toEqual([expect.stringContaining('Only the asker')]);
    const nobody = await pressValue(h, team, asker, 'ask_go_with', goWith(ask.askId, team.user()));
    expect(nobody.texts).toEqual([expect.stringContaining('no longer down as a volunteer')]);
    expect(dmsTo(chosen, 'is going with you')).toHaveLength(1);
    expect(dmsTo(other, 'Thank you for offering')).toHaveLength(1);
    expect((await rowOf(ask.askId)).claimedBy).toBe(chosen);
  });

  it('the asker can pick someone else: the first is let go, and nobody is released twice', async () => {
    const { team, asker, ask, helpers } = await setup(3);
    const [first, second, third] = helpers as [string, string, string];
    await pressValue(h, team, asker, 'ask_go_with', goWith(ask.askId, first));
    await pressValue(h, team, asker, 'ask_go_with', goWith(ask.askId, second));
    expect(dmsTo(first, `now going with <@${second}>`)).toHaveLength(1);
    expect(dmsTo(second, 'is going with you')).toHaveLength(1);
    // The second was released when the first was picked, and is now on it; the third hears once.
    expect(dmsTo(third, 'Thank you for offering')).toHaveLength(1);
    expect(lastUpdate(ask.ts)).toContain(`<@${second}> is on it`);
    expect(lastUpdate(ask.ts)).not.toContain(`<@${first}> is on it`);
  });

  it('Hand back opens the ask again, tells the next-best matches, offers the asker the other volunteers', async () => {
    const team = h.team();
    const asker = team.user();
    const experts = Array.from({ length: 7 }, () => team.user());
    for (const u of experts) await team.skills(u, 'add user research');
    const ask = await team.ask(asker, 'who can run user research interviews?');
    const thread = () => h.emulator.callsTo('chat.postMessage', (a) => a.thread_ts === ask.ts);
    const firstTagged = experts.filter((u) => thread().some((c) => c.args.text.includes(u)));
    expect(firstTagged).toHaveLength(5);
    const [helper, other] = [team.user(), team.user()];
    await team.react(helper, ask);
    await team.react(other, ask);
    await pressValue(h, team, asker, 'ask_go_with', goWith(ask.askId, helper));

    const { texts } = await pressValue(h, team, helper, 'ask_hand_back', ask.askId);
    expect(texts).toEqual([expect.stringContaining("You've handed the ask back")]);
    expect((await rowOf(ask.askId)).claimedBy).toBeNull();
    expect(lastUpdate(ask.ts)).not.toContain('is on it');
    const later = experts.filter((u) => !firstTagged.includes(u));
    for (const u of later) expect(thread().at(-1)!.args.text).toContain(u);
    const back = dmsTo(asker, `<@${helper}> handed back`);
    expect(back).toHaveLength(1);
    expect(back[0]!.args.text).toContain('told 2 more people');
    expect(JSON.stringify(back[0]!.args.blocks)).toContain(`"value":"${goWith(ask.askId, other)}"`);

    const twice = await pressValue(h, team, helper, 'ask_hand_back', ask.askId);
    expect(twice.texts).toEqual([expect.stringContaining('not down as taking this ask on')]);
    expect(dmsTo(asker, 'handed back')).toHaveLength(1);
  });

  it('the person on it taking back their offer hands the ask back', async () => {
    const { team, asker, ask, helpers } = await setup(2);
    await pressValue(h, team, asker, 'ask_go_with', goWith(ask.askId, helpers[0]!));
    await team.react(helpers[0]!, ask, { removed: true });
    expect((await rowOf(ask.askId)).claimedBy).toBeNull();
    expect(lastUpdate(ask.ts)).not.toContain('is on it');
    expect(dmsTo(asker, `<@${helpers[0]}> handed back`)).toHaveLength(1);
  });

  it('a button on a resolved ask says it is closed and changes nothing', async () => {
    const { team, asker, ask, helpers } = await setup(1);
    await pressValue(h, team, asker, 'ask_go_with', goWith(ask.askId, helpers[0]!));
    await team.press(team.user({ is_admin: true }), 'ask_resolve', ask);
    for (const action of ['ask_hand_back', 'ask_still_on_it']) {
      const { texts } = await pressValue(h, team, helpers[0]!, action, ask.askId);
      expect(texts).toEqual([expect.stringContaining('This ask is closed')]);
    }
    const late = await pressValue(h, team, asker, 'ask_go_with', goWith(ask.askId, helpers[0]!));
    expect(late.texts).toEqual([expect.stringContaining('This ask is closed')]);
    expect((await rowOf(ask.askId)).status).toBe('resolved');
  });

  it("the asker's Home shows who is on it, Go with for the other volunteers; a press there answers by DM", async () => {
    const { team, asker, ask, helpers } = await setup(2);
    const [first, second] = helpers as [string, string];
    await team.openHome(asker);
    expect(h.lastHome(asker)).toContain(`"value":"${goWith(ask.askId, first)}"`);
    await team.pressHome(asker, 'ask_go_with', goWith(ask.askId, first));
    expect(dmsTo(asker, `You're going with <@${first}>`)).toHaveLength(1);
    const home = h.lastHome(asker);
    expect(home).toContain(`<@${first}> is on it`);
    expect(home).toContain(`"value":"${goWith(ask.askId, second)}"`);
    expect(home).not.toContain(`"value":"${goWith(ask.askId, first)}"`);
  });

  // A second process on one database: PostgreSQL only, as PGlite belongs to one process at a time (on
  // PGlite the harness's process would take the other's work for a dead process's).
  it.runIf(serverUrl)(
    'a claim survives a restart: taken on through one process, handed back through the next',
    async () => {
      const { team, asker, ask, helpers } = await setup(1);
      const before = await startReplica(h);
      await pressValue(h, team, asker, 'ask_go_with', goWith(ask.askId, helpers[0]!), {
        slack: before.slack,
        idle: () => before.bot.idle(),
      });
      await before.bot.stop();
      expect((await rowOf(ask.askId)).claimedBy).toBe(helpers[0]);
      const after = await startReplica(h);
      const { texts } = await pressValue(h, team, helpers[0]!, 'ask_hand_back', ask.askId, {
        slack: after.slack,
        idle: () => after.bot.idle(),
      });
      await after.bot.stop();
      expect(texts).toEqual([expect.stringContaining("You've handed the ask back")]);
      expect(dmsTo(helpers[0]!, 'is going with you')).toHaveLength(1);
      expect(dmsTo(asker, 'handed back')).toHaveLength(1);
    },
  );

  it.runIf(serverUrl)('Go with pressed on two replicas at once acts once', async () => {
    const { team, asker, ask, helpers } = await setup(3);
    const [chosen, ...others] = helpers as [string, ...string[]];
    const replica = await startReplica(h);
    try {
      const value = goWith(ask.askId, chosen);
      await Promise.all([
        pressValue(h, team, asker, 'ask_go_with', value),
        pressValue(h, team, asker, 'ask_go_with', value, { slack: replica.slack, idle: () => replica.bot.idle() }),
      ]);
    } finally {
      await replica.bot.stop();
    }
    expect(dmsTo(chosen, 'is going with you')).toHaveLength(1);
    for (const other of others) expect(dmsTo(other, 'Thank you for offering')).toHaveLength(1);
  });
});

describe('Still on it?', () => {
  const daysAgo = (days: number) => sql`now() - make_interval(days => ${days})`;

  it('after CLAIM_NUDGE_DAYS the person on it gets one DM with Yes and Hand back; younger claims none', async () => {
    const { team, asker, ask, helpers } = await setup(1);
    const young = await setup(1);
    for (const s of [{ team, asker, ask, helpers }, young])
      await pressValue(h, s.team, s.asker, 'ask_go_with', goWith(s.ask.askId, s.helpers[0]!));
    const at = (askId: string, days: number) =>
      h.database.db
        .update(asks)
        .set({ claimedAt: daysAgo(days) })
        .where(eq(asks.id, askId));
    await at(ask.askId, h.env.CLAIM_NUDGE_DAYS + 1);
    await at(young.ask.askId, h.env.CLAIM_NUDGE_DAYS - 1);

    const replica = serverUrl ? await startReplica(h) : undefined;
    try {
      // The hour's housekeeping on every replica, and again an hour later.
      await Promise.all([nudgeClaims(h.bot.deps, h.clients), replica && nudgeClaims(replica.bot.deps, h.clients)]);
      await nudgeClaims(h.bot.deps, h.clients);
    } finally {
      await replica?.bot.stop();
    }
    const nudges = dmsTo(helpers[0]!, 'Still on it?');
    expect(nudges).toHaveLength(1);
    const blocks = JSON.stringify(nudges[0]!.args.blocks);
    expect(blocks).toContain('ask_still_on_it');
    expect(blocks).toContain('ask_hand_back');
    expect(dmsTo(young.helpers[0]!, 'Still on it?')).toHaveLength(0);

    const yes = await pressValue(h, team, helpers[0]!, 'ask_still_on_it', ask.askId);
    expect(yes.texts).toEqual([expect.stringContaining("I'll leave you to it")]);
    expect((await rowOf(ask.askId)).claimedBy).toBe(helpers[0]);
    const back = await pressValue(h, team, helpers[0]!, 'ask_hand_back', ask.askId);
    expect(back.texts).toEqual([expect.stringContaining("You've handed the ask back")]);
    expect((await rowOf(ask.askId)).claimedBy).toBeNull();
  });
});
