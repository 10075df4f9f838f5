import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eitherOf } from '../src/asks/checkin-blocks.js';
import { asks, volunteers } from '../src/db/schema/index.js';
import { checkInOnAsks } from '../src/jobs/check-in.js';
import { expireAsks } from '../src/jobs/expiry.js';
import { type Harness, startHarness, type TestTeam } from './support/harness.js';
import { creditForm, creditValues, pressValue, startReplica } from './support/helping.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const DAYS = 5; // CHECK_IN_DAYS, its default
const checkIn = () => checkInOnAsks(h.bot.deps, h.clients);
const checkIns = (asker: string) => h.dmsTo(asker, 'help with your ask');
const rowOf = async (askId: string) => (await h.database.db.select().from(asks).where(eq(asks.id, askId)))[0]!;
const buttonsOf = (call: { args: { blocks?: any[] } }) =>
  (call.args.blocks ?? []).flatMap((b: any) => (b.type === 'actions' ? b.elements : []));

/** Everyone who offered to help with the ask did so `days` ago. */
const offeredDaysAgo = (askId: string, days: number) =>
  h.database.db
    .update(volunteers)
    .set({ createdAt: sql`now() - make_interval(days => ${days})` })
    .where(eq(volunteers.askId, askId));

async function withVolunteers(n = 2, text = 'who can help us choose a new logo?') {
  const team = h.team();
  const asker = team.user();
  const ask = await team.ask(asker, text);
  const helpers = Array.from({ length: n }, () => team.user());
  for (const u of helpers) await team.react(u, ask);
  return { team, asker, ask, helpers };
}

/** The asker sends the credit form the bot last opened for the ask, crediting `helpers`. */
async function sendCreditForm(team: TestTeam, asker: string, askId: string, helpers: string[]) {
  const form = creditForm(h, askId)!;
  await h.slack.viewSubmission(team, asker, {
    callback_id: 'ask_credit_modal',
    private_metadata: form.view.private_metadata,
    values: creditValues(helpers, 'thank you!'),
  });
  await h.idle();
}

describe('the check-in', () => {
  it('CHECK_IN_DAYS after someone offered, the asker gets one "Did they help?" DM, not before', async () => {
    const { asker, ask, helpers } = await withVolunteers(2);
    await offeredDaysAgo(ask.askId, DAYS - 1);
    await checkIn();
    expect(checkIns(asker)).toHaveLength(0);

    await offeredDaysAgo(ask.askId, DAYS + 1);
    await checkIn();
    await checkIn();
    const dms = checkIns(asker);
    expect(dms).toHaveLength(1);
    const [a, b] = [...helpers].sort(); // same time of offer: in id order
    expect(dms[0]!.args.text).toContain(`Did <@${a}> or <@${b}> help with your ask`);
    expect(buttonsOf(dms[0]!).map((b: any) => [b.action_id, b.text.text])).toEqual([
      ['ask_follow_up_resolve', 'Mark resolved'],
      ['ask_still_looking', 'Still looking'],
    ]);
    expect((await rowOf(ask.askId)).checkedInAt).not.toBeNull();
  });

  it('none for asks taken on, closed or nobody offered for; an anonymous asker gets one', async () => {
    const team = h.team();
    const asker = team.user();
    const admin = team.user({ is_admin: true });
    const made: Record<string, { askId: string; channel: string; ts: string }> = {};
    const onIt = team.user();
    for (const name of ['taken', 'resolved', 'expired', 'deleted', 'unanswered']) {
      made[name] = await team.ask(asker, `who can help with the ${name} poster?`);
      if (name !== 'unanswered') await team.react(name === 'taken' ? onIt : team.user(), made[name]!);
      await offeredDaysAgo(made[name]!.askId, DAYS + 1);
    }
    await pressValue(h, team, asker, 'ask_go_with', `${made.taken!.askId}:${onIt}`);
    expect((await rowOf(made.taken!.askId)).claimedBy).toBe(onIt);
    await team.press(admin, 'ask_resolve', made.resolved!);
    await h.database.db.update(asks).set({ status: 'expired' }).where(eq(asks.id, made.expired!.askId));
    await h.database.db.update(asks).set({ status: 'deleted' }).where(eq(asks.id, made.deleted!.askId));

    const anonymous = team.user();
    await h.slack.command(team, {
      command: '/ask',
      text: 'anonymously who can explain our pension scheme?',
      user_id: anonymous,
      channel_id: team.channel,
      response_url: h.emulator.responseUrl(),
    });
    await h.idle();
    const [secret] = await h.database.db.select().from(asks).where(eq(asks.askerId, anonymous));
    const helper = team.user();
    await team.react(helper, { channel: secret!.channelId, ts: secret!.messageTs! });
    await offeredDaysAgo(secret!.id, DAYS + 1);

    await checkIn();
    expect(checkIns(asker)).toHaveLength(0);
    const [dm] = checkIns(anonymous);
    expect(dm!.args.text).toContain(`Did <@${helper}> help`);
    const ownDm = [anonymous, `D${anonymous}`];
    const everyCall = JSON.stringify(h.emulator.callsTo('chat.postMessage', (a) => !ownDm.includes(a.channel)));
    expect(everyCall).not.toContain(anonymous);
  });

  it('two replicas checking in at once send one DM', async () => {
    const { asker, ask } = await withVolunteers(1);
    await offeredDaysAgo(ask.askId, DAYS + 1);
    const replica = await startReplica(h);
    try {
      await Promise.all([checkIn(), checkInOnAsks(replica.bot.deps, h.clients), checkIn()]);
      await replica.bot.idle();
    } finally {
      await replica.bot.stop();
    }
    expect(checkIns(asker)).toHaveLength(1);
  });

  it('Still looking changes nothing; Mark resolved opens the credit form, and resolves once', async () => {
    const { team, asker, ask, helpers } = await withVolunteers(2);
    await offeredDaysAgo(ask.askId, DAYS + 1);
    await checkIn();
    for (let i = 0; i < 2; i++) {
      const { texts } = await pressValue(h, team, asker, 'ask_still_looking', ask.askId);
      expect(texts).toEqual([expect.stringContaining("Fine, I'll leave your ask open")]);
    }
    const stranger = await pressValue(h, team, helpers[0]!, 'ask_still_looking', ask.askId);
    expect(stranger.texts).toEqual([expect.stringContaining('Only the asker')]);
    const row = await rowOf(ask.askId);
    expect([row.status, row.claimedBy, row.resolvedAt]).toEqual(['open', null, null]);

    await pressValue(h, team, asker, 'ask_follow_up_resolve', ask.askId);
    await pressValue(h, team, asker, 'ask_follow_up_resolve', ask.askId);
    expect(creditForm(h, ask.askId)!.initial.sort()).toEqual([...helpers].sort());
    await sendCreditForm(team, asker, ask.askId, helpers);
    await sendCreditForm(team, asker, ask.askId, helpers);
    expect((await rowOf(ask.askId)).status).toBe('resolved');
    for (const u of helpers) expect(h.dmsTo(u, 'credited you')).toHaveLength(1);
    const late = await pressValue(h, team, asker, 'ask_follow_up_resolve', ask.askId);
    expect(late.texts).toEqual([expect.stringContaining('already resolved')]);
  });
});

describe('expiry', () => {
  it('an expired ask people offered for asks whether anyone helped, with Mark resolved that still works', async () => {
    const { team, asker, ask, helpers } = await withVolunteers(2, 'who can help me tune the piano?');
    await h.age(ask.askId, 31 * 24);
    await expireAsks(h.bot.deps, h.clients);
    const [dm] = h.dmsTo(asker, "so I've closed it");
    expect(dm!.args.text).toContain('2 people offered to help: did anyone?');
    expect(buttonsOf(dm!).map((b: any) => b.action_id)).toEqual(['ask_follow_up_resolve']);

    await pressValue(h, team, asker, 'ask_follow_up_resolve', ask.askId);
    await sendCreditForm(team, asker, ask.askId, [helpers[1]!]);
    expect((await rowOf(ask.askId)).status).toBe('resolved');
    expect(h.dmsTo(helpers[1]!, 'credited you')).toHaveLength(1);
    expect(h.dmsTo(helpers[0]!, 'credited you')).toHaveLength(0);
  });

  it("an expired ask's Mark resolved opens the asker's credit form; an admin's press changes nothing", async () => {
    const { team, asker, ask, helpers } = await withVolunteers(1, 'who can help me tune the cello?');
    await h.age(ask.askId, 31 * 24);
    await expireAsks(h.bot.deps, h.clients);
    const admin = team.user({ is_admin: true });
    const { responses } = await team.press(admin, 'ask_resolve', ask);
    expect(responses.map((r: any) => r.text)).toEqual([expect.stringContaining('Only the person who asked')]);
    expect((await rowOf(ask.askId)).status).toBe('expired');
    expect(h.emulator.callsTo('chat.postMessage', (a) => a.thread_ts === ask.ts && /resolved/.test(a.text))).toEqual(
      [],
    );

    await team.press(asker, 'ask_resolve', ask);
    await sendCreditForm(team, asker, ask.askId, helpers);
    expect((await rowOf(ask.askId)).status).toBe('resolved');
    expect(h.dmsTo(helpers[0]!, 'credited you')).toHaveLength(1);
  });

  it('an expired ask nobody offered for says so and suggests asking again, with no button', async () => {
    const team = h.team();
    const asker = team.user();
    const ask = await team.ask(asker, 'who can help me tune the harpsichord?');
    await h.age(ask.askId, 31 * 24);
    await expireAsks(h.bot.deps, h.clients);
    const [dm] = h.dmsTo(asker, "so I've closed it");
    expect(dm!.args.text).toContain('Nobody offered to help this time');
    expect(dm!.args.text).not.toContain('did anyone');
    expect(buttonsOf(dm!)).toEqual([]);
  });
});

describe('the check-in names', () => {
  it('one, two, three volunteers, then "N others" (the Home tab lists them all)', () => {
    expect(eitherOf(['A'])).toBe('<@A>');
    expect(eitherOf(['A', 'B'])).toBe('<@A> or <@B>');
    expect(eitherOf(['A', 'B', 'C'])).toBe('<@A>, <@B> or <@C>');
    expect(eitherOf(['A', 'B', 'C', 'D'])).toBe('<@A>, <@B>, <@C> or 1 other');
    expect(eitherOf(['A', 'B', 'C', 'D', 'E'])).toBe('<@A>, <@B>, <@C> or 2 others');
  });
});
