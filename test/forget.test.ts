import { and, eq, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FORMER_COLLEAGUE } from '../src/asks/former.js';
import {
  askMatches,
  asks,
  digestDeliveries,
  forgottenPeople,
  outbox,
  replies,
  volunteers,
  workspaceSettings,
} from '../src/db/schema/index.js';
import { type Harness, startHarness, type TestTeam } from './support/harness.js';
import { pressValue } from './support/helping.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const digestsTo = (user: string) =>
  h.emulator
    .callsTo('chat.postMessage', (a) => a.channel === user && a.metadata?.event_type === 'who_can_help_digest')
    .filter((c) => c.result?.ok);

/** `/skills forget me`, then the confirmation's button: keeping the asks anonymised, or deleting them. */
async function forgetMe(team: TestTeam, user: string, asks: 'keep' | 'delete' = 'keep') {
  const confirm = await team.skills(user, 'forget me');
  const buttons = JSON.stringify(confirm.responses);
  const value = asks === 'keep' ? 'forget' : 'forget_delete_asks';
  expect(buttons).toContain(`"value":"${value}"`);
  return team.press(user, 'skills_forget_me', { askId: value, channel: team.channel });
}

describe('/skills forget me', () => {
  // First in the file: the digest run below fails the first DM it sends, which must be this person's.
  it(
    'a digest planned, its first delivery refused with ' + 'internal_error, then forget me: no digest, no row',
    async () => {
      const team = h.team();
      const [asker, me] = [team.user(), team.user()];
      await team.skills(asker, 'digest off');
      await team.ask(asker, 'we want to start a blog, who can help?');
      await team.skills(me, 'add blogging');
      h.emulator.fail('chat.postMessage', { error: 'internal_error' });
      const first = await h.digest();
      expect(first.retry).toBe(1);
      expect(digestsTo(me)).toHaveLength(0);
      const mine = and(eq(digestDeliveries.teamId, team.teamId), eq(digestDeliveries.userId, me));
      expect(await h.database.db.select().from(digestDeliveries).where(mine)).toHaveLength(1);

      await forgetMe(team, me);
      await h.digest();
      expect(digestsTo(me)).toHaveLength(0);
      expect(await h.database.db.select().from(digestDeliveries).where(mine)).toEqual([]);
      const [forgotten] = await h.database.db
        .select()
        .from(forgottenPeople)
        .where(and(eq(forgottenPeople.teamId, team.teamId), eq(forgottenPeople.userId, me)));
      expect(forgotten).toBeDefined();
    },
  );

  it('kept anonymised: the ask message, digests and Home tabs say "A former colleague", never the person', async () => {
    const team = h.team();
    const [me, blogger] = [team.user(), team.user()];
    await team.openHome(blogger);
    const ask = await team.ask(me, 'we want to start a blog, who can help?');
    // Declared after the ask went out: no match notice told them, so the digest is their news.
    await team.skills(blogger, 'add blogging');
    await forgetMe(team, me, 'keep');

    const [row] = await h.database.db.select().from(asks).where(eq(asks.id, ask.askId));
    expect(row!.askerId).toBe(FORMER_COLLEAGUE);
    const update = h.emulator.callsTo('chat.update', (a) => a.ts === ask.ts).at(-1)!;
    expect(JSON.stringify(update.args)).toContain('A former colleague asks');
    expect(JSON.stringify(update.args)).not.toContain(me);

    await team.openHome(blogger);
    expect(h.lastHome(blogger)).toContain('A former colleague asks');
    await h.digest();
    const digest = JSON.stringify(digestsTo(blogger).at(-1)!.args.blocks);
    expect(digest).toContain('A former colleague asks');
    expect(digest).not.toContain(FORMER_COLLEAGUE);
  });

  it('deleting the asks: their messages are deleted in Slack and their rows (volunteers, replies) go', async () => {
    const team = h.team();
    const [me, helper] = [team.user(), team.user()];
    const ask = await team.ask(me, 'who can lend me a tripod?');
    await team.react(helper, ask);
    await team.message({ user: helper, text: 'I have one', ts: '1800002000.000100', thread_ts: ask.ts });
    const { responses } = await forgetMe(team, me, 'delete');
    expect(responses[0]!.text).toContain('I deleted your 1 ask');

    expect(h.emulator.callsTo('chat.delete', (a) => a.channel === ask.channel && a.ts === ask.ts)).toEqual([
      expect.objectContaining({ result: { ok: true, channel: ask.channel, ts: ask.ts } }),
    ]);
    expect(await h.database.db.select().from(asks).where(eq(asks.id, ask.askId))).toEqual([]);
    for (const table of [volunteers, replies, askMatches]) {
      expect(await h.database.db.select().from(table).where(eq(table.askId, ask.askId))).toEqual([]);
    }
  });

  it('a chat.delete Slack fails is tried again by a later sweep until the message is gone', async () => {
    const team = h.team();
    const me = team.user();
    const ask = await team.ask(me, 'who can fix a bike?');
    h.emulator.fail('chat.delete', { status: 500 });
    await forgetMe(team, me, 'delete');
    const deletes = () => h.emulator.callsTo('chat.delete', (a) => a.ts === ask.ts);
    expect(deletes().map((c) => c.result?.ok)).toEqual([undefined]);

    // Its back-off over, the next sweep (every 15 s, and the hourly housekeeping) tries again.
    await h.database.db
      .update(outbox)
      .set({ notBefore: new Date(Date.now() - 1000) })
      .where(and(eq(outbox.teamId, team.teamId), eq(outbox.kind, 'message_delete')));
    await h.bot.deps.outbox.sweep(h.clients);
    expect(deletes().map((c) => c.result?.ok)).toEqual([undefined, true]);
    const [item] = await h.database.db
      .select()
      .from(outbox)
      .where(and(eq(outbox.teamId, team.teamId), eq(outbox.kind, 'message_delete')));
    expect(item).toMatchObject({ error: null, doneAt: expect.any(Date) });
  });

  it('cancels a Go-with introduction still owed that names them as the helper', async () => {
    const team = h.team();
    const [asker, me] = [team.user(), team.user()];
    const ask = await team.ask(asker, 'who can proofread a flyer?');
    await team.react(me, ask);
    // Slack cannot open the group DM for now: the introduction naming me is owed, waiting.
    h.emulator.fail('conversations.open', { error: 'service_unavailable' }, 1, (a) => a.users === `${asker},${me}`);
    await pressValue(h, team, asker, 'ask_go_with', `${ask.askId}:${me}`);
    const owed = and(eq(outbox.teamId, team.teamId), isNull(outbox.doneAt), eq(outbox.kind, 'go_with_intro'));
    expect(await h.database.db.select().from(outbox).where(owed)).toHaveLength(1);
    await forgetMe(team, me);
    expect(await h.database.db.select().from(outbox).where(owed)).toEqual([]);
  });

  it(
    'takes their name off asks they resolved and settings they ' + 'changed, and cancels notices owed to them',
    async () => {
      const team = h.team();
      const [me, asker, helper] = [team.user({ is_admin: true }), team.user(), team.user()];
      const theirs = await team.ask(asker, 'who can proofread a leaflet?');
      await team.press(me, 'ask_resolve', theirs);
      await h.database.db
        .insert(workspaceSettings)
        .values({ teamId: team.teamId, askChannel: team.channel, updatedBy: me });
      // The reply about a volunteer under my DM about my ask, which Slack could not take now: owed, waiting.
      const mine = await team.ask(me, 'who can water my plants?');
      h.emulator.fail('chat.postMessage', { status: 500 }, 1, (a) => a.channel === `D${me}` && Boolean(a.thread_ts));
      await team.react(helper, mine);
      const owedToMe = and(eq(outbox.teamId, team.teamId), isNull(outbox.doneAt));
      expect((await h.database.db.select().from(outbox).where(owedToMe)).some((o) => o.kind === 'asker_dm_reply')).toBe(
        true,
      );

      await forgetMe(team, me);
      const [resolved] = await h.database.db.select().from(asks).where(eq(asks.id, theirs.askId));
      expect(resolved!.resolvedBy).toBe(FORMER_COLLEAGUE);
      const update = h.emulator.callsTo('chat.update', (a) => a.ts === theirs.ts).at(-1)!;
      expect(JSON.stringify(update.args.blocks)).toContain('Resolved* by a former colleague');
      const [settings] = await h.database.db
        .select()
        .from(workspaceSettings)
        .where(eq(workspaceSettings.teamId, team.teamId));
      expect(settings!.updatedBy).toBe('');
      const left = await h.database.db.select().from(outbox).where(owedToMe);
      expect(left.filter((o) => JSON.stringify(o.payload).includes(me))).toEqual([]);
      await h.database.db
        .update(outbox)
        .set({ notBefore: new Date(0) })
        .where(eq(outbox.teamId, team.teamId));
      await h.bot.deps.outbox.sweep(h.clients);
      const toMe = h.emulator.callsTo('chat.postMessage', (a) => a.channel === me || a.channel === `D${me}`);
      expect(toMe.filter((c) => c.result?.ok && c.args.thread_ts)).toEqual([]);
    },
  );
});
