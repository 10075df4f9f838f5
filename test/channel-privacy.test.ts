import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asks } from '../src/db/schema/index.js';
import { type Harness, startHarness } from './support/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const digestsTo = (user: string) =>
  h.emulator.callsTo('chat.postMessage', (a) => a.channel === user && a.metadata?.event_type === 'who_can_help_digest');
const homePublishes = (user: string) => h.emulator.callsTo('views.publish', (a) => a.user_id === user).length;
const isPrivate = async (askId: string) =>
  (await h.database.db.select({ p: asks.isPrivate }).from(asks).where(eq(asks.id, askId)))[0]?.p;

/** A team whose helper sees an open ask about pottery on their Home tab. */
async function potteryAsk(channel?: string) {
  const team = h.team();
  const [asker, helper] = [team.user(), team.user()];
  await team.openHome(helper);
  const ask = await team.ask(asker, 'who can teach a pottery class?', channel ?? team.channel);
  // Another match in a channel that stays public: the digest is still sent, with it alone.
  await team.ask(asker, 'who can glaze my pottery?', `${team.channel}PUB`);
  // Declared after the ask went out: no match notice told them, so the digest is their news.
  await team.skills(helper, 'add pottery');
  await team.openHome(helper);
  expect(h.lastHome(helper)).toContain('pottery class');
  return { team, asker, helper, ask };
}

describe("a channel's privacy is followed after its asks are posted", () => {
  it('made private: its open asks leave Home tabs at once, and digests', async () => {
    const { team, helper, ask } = await potteryAsk();
    const before = homePublishes(helper);
    // Slack's word for it: a channel_convert_to_private message in the channel, now a private one.
    await team.message({
      subtype: 'channel_convert_to_private',
      user: team.user(),
      text: 'made this channel *private*. Now, it can only be viewed or joined by invitation.',
      ts: '1800000900.000100',
      channel_type: 'group',
    });
    expect(await isPrivate(ask.askId)).toBe(true);
    expect(homePublishes(helper)).toBeGreaterThan(before);
    expect(h.lastHome(helper)).not.toContain('pottery class');
    await h.digest();
    expect(digestsTo(helper)).toHaveLength(1);
    expect(JSON.stringify(digestsTo(helper)[0]!.args.blocks)).toContain('glaze my pottery');
    expect(JSON.stringify(digestsTo(helper)[0]!.args.blocks)).not.toContain('pottery class');
  });

  it.each(['channel_archive', 'group_archive'])(
    '%s: its open asks leave Home tabs at once, and digests',
    async (type) => {
      const { team, helper, ask } = await potteryAsk();
      await h.slack.event(team, { type, channel: team.channel, user: team.user() });
      await h.idle();
      expect(await isPrivate(ask.askId)).toBe(true);
      expect(h.lastHome(helper)).not.toContain('pottery class');
      await h.digest();
      expect(digestsTo(helper)).toHaveLength(1);
      expect(JSON.stringify(digestsTo(helper)[0]!.args.blocks)).toContain('glaze my pottery');
      expect(JSON.stringify(digestsTo(helper)[0]!.args.blocks)).not.toContain('pottery class');
    },
  );

  it("another channel's asks stay", async () => {
    const { team, helper, ask } = await potteryAsk();
    await h.slack.event(team, { type: 'channel_archive', channel: `${team.channel}X`, user: team.user() });
    await h.idle();
    expect(await isPrivate(ask.askId)).toBe(false);
    expect(h.lastHome(helper)).toContain('pottery class');
  });
});
