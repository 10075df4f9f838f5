import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outbox, volunteers } from '../src/db/schema/index.js';
import { type Harness, startHarness, type TestTeam } from './support/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

/** What the asker is told of volunteers: short replies under their one living DM about the ask. */
const dmsTo = (user: string, text?: string) =>
  h.emulator.callsTo(
    'chat.postMessage',
    (a) => a.channel === `D${user}` && Boolean(a.thread_ts) && (!text || a.text?.includes(text)),
  );
const updatesOf = (ts: string) => h.emulator.callsTo('chat.update', (a) => a.ts === ts);
const lastUpdate = (ts: string) => JSON.stringify(updatesOf(ts).at(-1)?.args.blocks);
const volunteersOf = (askId: string) => h.database.db.select().from(volunteers).where(eq(volunteers.askId, askId));

async function setup() {
  const team = h.team();
  const asker = team.user();
  const helper = team.user();
  const ask = await team.ask(asker, 'we want to start a blog, who can help?');
  return { team, asker, helper, ask };
}

describe('volunteering with the reaction', () => {
  it('a reaction on an ask DMs the asker naming the volunteer with a link, and updates the count', async () => {
    const { team, asker, helper, ask } = await setup();
    await team.react(helper, ask);
    const [dm] = dmsTo(asker);
    expect(dm!.args.text).toContain(`<@${helper}> can help`);
    const living = h.emulator.callsTo('chat.update', (a) => a.ts === dm!.args.thread_ts).at(-1);
    expect(JSON.stringify(living!.args.blocks)).toContain(`https://example.slack.com/archives/${ask.channel}/p`);
    expect(lastUpdate(ask.ts)).toContain(`1 volunteer:* <@${helper}>`);
    expect(await volunteersOf(ask.askId)).toMatchObject([{ userId: helper, via: 'reaction', teamId: team.teamId }]);
  });

  it('a retried event acts once', async () => {
    const { team, asker, helper, ask } = await setup();
    const eventId = 'EvRETRIED0001';
    await team.react(helper, ask, { eventId });
    await team.react(helper, ask, { eventId, retryNum: 1 });
    await team.react(helper, ask, { eventId, retryNum: 2 });
    expect(dmsTo(asker)).toHaveLength(1);
    expect(updatesOf(ask.ts)).toHaveLength(1);
    expect(await volunteersOf(ask.askId)).toHaveLength(1);
  });

  it('a late retry of a reaction already taken back does not bring the volunteer back', async () => {
    const { team, asker, helper, ask } = await setup();
    const eventId = 'EvLATERETRY01';
    await team.react(helper, ask, { eventId });
    await team.react(helper, ask, { removed: true });
    await team.react(helper, ask, { eventId, retryNum: 3 });
    expect(dmsTo(asker)).toHaveLength(1);
    expect(await volunteersOf(ask.askId)).toHaveLength(0);
  });

  it('the same event delivered twice at once acts once', async () => {
    const { team, asker, helper, ask } = await setup();
    const event = {
      type: 'reaction_added',
      user: helper,
      reaction: 'raising_hand',
      item: { type: 'message', channel: ask.channel, ts: ask.ts },
    };
    await Promise.all([
      h.slack.event(team, event, { eventId: 'EvTWICE000001' }),
      h.slack.event(team, event, { eventId: 'EvTWICE000001', retryNum: 1 }),
    ]);
    await h.idle();
    expect(dmsTo(asker)).toHaveLength(1);
    expect(updatesOf(ask.ts)).toHaveLength(1);
  });

  it('the same person volunteering twice is recorded and announced once', async () => {
    const { team, asker, helper, ask } = await setup();
    await team.react(helper, ask);
    await team.react(helper, ask, { name: 'raising_hand::skin-tone-4' });
    await team.press(helper, 'ask_volunteer', ask);
    expect(dmsTo(asker)).toHaveLength(1);
    expect(await volunteersOf(ask.askId)).toHaveLength(1);
  });

  it(
    'adding, removing and re-adding the reaction DMs the asker ' + 'once, ever, and republishes their Home once',
    async () => {
      const { team, asker, helper, ask } = await setup();
      await team.openHome(asker);
      await team.openHome(helper);
      const homesOf = (user: string) => h.emulator.callsTo('views.publish', (a) => a.user_id === user).length;
      const [askerHomes, helperHomes] = [homesOf(asker), homesOf(helper)];
      for (let i = 0; i < 5; i += 1) {
        await team.react(helper, ask);
        await team.react(helper, ask, { removed: true });
      }
      await team.react(helper, ask);
      await team.press(helper, 'ask_withdraw', ask);
      await team.press(helper, 'ask_volunteer', ask);
      expect(dmsTo(asker)).toHaveLength(1);
      expect(await volunteersOf(ask.askId)).toHaveLength(1);
      // The ask's message keeps counting; the asker's Home is redrawn for the first offer only.
      expect(lastUpdate(ask.ts)).toContain(`1 volunteer:* <@${helper}>`);
      expect(homesOf(asker)).toBe(askerHomes + 1);
      expect(homesOf(helper)).toBeGreaterThan(helperHomes);
    },
  );

  it('counts the volunteer reaction with a skin tone', async () => {
    const { team, asker, helper, ask } = await setup();
    await team.react(helper, ask, { name: 'raising_hand::skin-tone-2' });
    expect(dmsTo(asker)).toHaveLength(1);
  });

  it('removing the reaction withdraws the volunteer and updates the count', async () => {
    const { team, helper, ask } = await setup();
    await team.react(helper, ask);
    await team.react(helper, ask, { removed: true });
    expect(await volunteersOf(ask.askId)).toHaveLength(0);
    expect(lastUpdate(ask.ts)).toContain('No volunteers yet.');
  });

  it.each([
    ['another emoji', (s: Awaited<ReturnType<typeof setup>>) => s.team.react(s.helper, s.ask, { name: 'thumbsup' })],
    [
      'a message that is not an ask',
      (s: Awaited<ReturnType<typeof setup>>) =>
        s.team.react(s.helper, { channel: s.ask.channel, ts: '1700000000.000001' }),
    ],
    ["the asker's own reaction", (s: Awaited<ReturnType<typeof setup>>) => s.team.react(s.asker, s.ask)],
    ["a bot's reaction", (s: Awaited<ReturnType<typeof setup>>) => s.team.react(s.team.user({ is_bot: true }), s.ask)],
    [
      'a reaction on a file',
      (s: Awaited<ReturnType<typeof setup>>) =>
        h.slack
          .event(s.team, {
            type: 'reaction_added',
            user: s.helper,
            reaction: 'raising_hand',
            item: { type: 'file', file: 'F123' },
          })
          .then(() => h.idle()),
    ],
  ])('does nothing for %s', async (_name, act) => {
    const s = await setup();
    await act(s);
    expect(dmsTo(s.asker)).toHaveLength(0);
    expect(updatesOf(s.ask.ts)).toHaveLength(0);
    expect(await volunteersOf(s.ask.askId)).toHaveLength(0);
  });

  it('does nothing for a reaction on an ask whose message was deleted', async () => {
    const { team, asker, helper, ask } = await setup();
    await team.message({ subtype: 'message_deleted', hidden: true, deleted_ts: ask.ts, ts: '1800009999.000001' });
    await team.react(helper, ask);
    expect(dmsTo(asker)).toHaveLength(0);
    expect(await volunteersOf(ask.askId)).toHaveLength(0);
  });
});

describe('the I can help button', () => {
  it('still confirms to the volunteer when the DM to the asker fails', async () => {
    const { team, asker, helper, ask } = await setup();
    h.emulator.fail('chat.postMessage', { error: 'user_not_found' }, 1, (a) => Boolean(a.thread_ts));
    const { responses } = await team.press(helper, 'ask_volunteer', ask);
    expect(dmsTo(asker).at(-1)?.result).toMatchObject({ ok: false });
    expect(responses[0]!.text).toContain('has been told');
    expect(await volunteersOf(ask.askId)).toHaveLength(1);
  });

  it.each([
    ['user_not_found', 'given up on, with the reason kept', false],
    ['internal_error', 'kept for a later try', true],
  ])('a DM to the asker that Slack refuses with %s is %s', async (error, _, later) => {
    const { team, asker, helper, ask } = await setup();
    h.emulator.fail('chat.postMessage', { error }, 1, (a) => Boolean(a.thread_ts));
    await team.press(helper, 'ask_volunteer', ask);
    expect(dmsTo(asker).map((c) => c.result?.ok)).toEqual([false]);
    const [owed] = await h.database.db
      .select()
      .from(outbox)
      .where(and(eq(outbox.teamId, team.teamId), eq(outbox.kind, 'asker_dm_reply')));
    expect(owed!.doneAt === null).toBe(later);
    expect(owed!.error).toBe(later ? null : error);
    if (later) expect(owed!.notBefore.getTime()).toBeGreaterThan(Date.now());
  });

  it('records the volunteer, DMs the asker, and confirms to the volunteer ephemerally', async () => {
    const { team, asker, helper, ask } = await setup();
    const { reply, responses } = await team.press(helper, 'ask_volunteer', ask);
    expect(reply.status).toBe(200);
    expect(dmsTo(asker)).toHaveLength(1);
    expect(responses).toHaveLength(1);
    expect(responses[0]).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(responses[0]!.text).toContain(`<@${asker}> has been told`);
    expect(lastUpdate(ask.ts)).toContain(`<@${helper}>`);
    expect(await volunteersOf(ask.askId)).toMatchObject([{ userId: helper, via: 'button' }]);
  });

  it('pressed twice, records and DMs once and says so', async () => {
    const { team, asker, helper, ask } = await setup();
    await team.press(helper, 'ask_volunteer', ask);
    const second = await team.press(helper, 'ask_volunteer', ask);
    expect(dmsTo(asker)).toHaveLength(1);
    expect(second.responses[0]!.text).toContain('already down as a volunteer');
    expect(await volunteersOf(ask.askId)).toHaveLength(1);
  });

  it('tells the asker they cannot volunteer for their own ask', async () => {
    const { team, asker, ask } = await setup();
    const { responses } = await team.press(asker, 'ask_volunteer', ask);
    expect(responses[0]!.text).toContain('your own ask');
    expect(await volunteersOf(ask.askId)).toHaveLength(0);
  });

  it('Withdraw takes the offer back and updates the count', async () => {
    const { team, helper, ask } = await setup();
    await team.press(helper, 'ask_volunteer', ask);
    const { responses } = await team.press(helper, 'ask_withdraw', ask);
    // Never replacing the message pressed: in their confirmation DM, that DM now says they withdrew.
    expect(responses[0]).toMatchObject({ replace_original: false });
    expect(responses[0]!.text).toContain('withdrawn');
    expect(await volunteersOf(ask.askId)).toHaveLength(0);
    expect(lastUpdate(ask.ts)).toContain('No volunteers yet.');
  });

  it('says the ask is gone when its message was deleted', async () => {
    const { team, asker, helper, ask } = await setup();
    await team.message({ subtype: 'message_deleted', hidden: true, deleted_ts: ask.ts, ts: '1800009999.000002' });
    const { responses } = await team.press(helper, 'ask_volunteer', ask);
    expect(responses[0]!.text).toContain("can't find that ask");
    expect(dmsTo(asker)).toHaveLength(0);
  });

  it("never acts on another workspace's ask", async () => {
    const { asker, ask } = await setup();
    const other: TestTeam = h.team();
    const stranger = other.user();
    const { responses } = await other.press(stranger, 'ask_volunteer', ask);
    await other.react(stranger, ask);
    expect(responses[0]!.text).toContain("can't find that ask");
    expect(dmsTo(asker)).toHaveLength(0);
    expect(await volunteersOf(ask.askId)).toHaveLength(0);
  });
});
