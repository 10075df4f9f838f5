import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asks, replies } from '../src/db/schema/index.js';
import { type Harness, startHarness } from './support/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const repliesOf = (askId: string) =>
  h.database.db.select().from(replies).where(eq(replies.askId, askId)).orderBy(replies.ts);

async function setup() {
  const team = h.team();
  const asker = team.user();
  const ask = await team.ask(asker, 'who can help with a survey?');
  return { team, asker, ask, helper: team.user() };
}

describe('replies in an ask thread', () => {
  it('are stored with the ask: author, text and time', async () => {
    const { team, ask, helper } = await setup();
    await team.message({
      user: helper,
      text: 'I ran one last year <!here>',
      ts: '1800000100.000100',
      thread_ts: ask.ts,
    });
    expect(await repliesOf(ask.askId)).toMatchObject([
      {
        userId: helper,
        text: 'I ran one last year <!here>',
        ts: '1800000100.000100',
        teamId: team.teamId,
        postedAt: new Date(1_800_000_100_000),
      },
    ]);
  });

  it('follow edits and deletions', async () => {
    const { team, ask, helper } = await setup();
    await team.message({ user: helper, text: 'fisrt draft', ts: '1800000200.000100', thread_ts: ask.ts });
    await team.message({ user: helper, text: 'second', ts: '1800000201.000100', thread_ts: ask.ts });
    await team.message({
      subtype: 'message_changed',
      hidden: true,
      ts: '1800000300.000100',
      message: {
        type: 'message',
        user: helper,
        text: 'first draft',
        ts: '1800000200.000100',
        thread_ts: ask.ts,
        edited: { user: helper, ts: '1800000300.000000' },
      },
      previous_message: {
        type: 'message',
        user: helper,
        text: 'fisrt draft',
        ts: '1800000200.000100',
        thread_ts: ask.ts,
      },
    });
    await team.message({
      subtype: 'message_deleted',
      hidden: true,
      ts: '1800000400.000100',
      deleted_ts: '1800000201.000100',
    });
    const stored = await repliesOf(ask.askId);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ ts: '1800000200.000100', text: 'first draft' });
    expect(stored[0]!.editedAt).toBeInstanceOf(Date);
  });

  it('a deleted ask that had replies (a tombstone) closes the ask and deletes its text and replies', async () => {
    const { team, ask, helper } = await setup();
    await team.message({ user: helper, text: 'keep me', ts: '1800000900.000100', thread_ts: ask.ts });
    await team.message({
      subtype: 'message_changed',
      hidden: true,
      ts: '1800000901.000100',
      message: {
        type: 'message',
        subtype: 'tombstone',
        text: 'This message was deleted.',
        ts: ask.ts,
        thread_ts: ask.ts,
        user: 'USLACKBOT',
        hidden: true,
      },
    });
    const [row] = await h.database.db.select().from(asks).where(eq(asks.id, ask.askId));
    expect(row!.status).toBe('deleted');
    expect(row!.text).toBe('');
    expect(await repliesOf(ask.askId)).toEqual([]);
  });

  it('a thread broadcast ("also send to channel") is stored too', async () => {
    const { team, ask, helper } = await setup();
    await team.message({
      subtype: 'thread_broadcast',
      user: helper,
      text: 'count me in',
      ts: '1800000500.000100',
      thread_ts: ask.ts,
    });
    expect(await repliesOf(ask.askId)).toHaveLength(1);
  });

  it('a retried reply event stores one reply', async () => {
    const { team, ask, helper } = await setup();
    const event = { user: helper, text: 'me!', ts: '1800000600.000100', thread_ts: ask.ts };
    await team.message(event, { eventId: 'EvREPLY000001' });
    await team.message(event, { eventId: 'EvREPLY000001', retryNum: 1 });
    expect(await repliesOf(ask.askId)).toHaveLength(1);
  });

  it('ignores bot messages, top-level messages and other threads', async () => {
    const { team, ask, helper } = await setup();
    await team.message({
      subtype: 'bot_message',
      bot_id: 'BOTHER',
      text: 'beep',
      ts: '1800000700.000100',
      thread_ts: ask.ts,
    });
    await team.message({
      bot_id: 'BOTHER',
      user: 'UOTHERBOT',
      text: 'beep',
      ts: '1800000701.000100',
      thread_ts: ask.ts,
    });
    await team.message({ user: helper, text: 'top level', ts: '1800000702.000100' });
    await team.message({ user: helper, text: 'elsewhere', ts: '1800000703.000100', thread_ts: '1700000000.000001' });
    expect(await repliesOf(ask.askId)).toHaveLength(0);
  });

  it("never stores a reply from another workspace's channel", async () => {
    const { ask } = await setup();
    const other = h.team();
    await h.slack.event(other, {
      type: 'message',
      channel: ask.channel,
      user: other.user(),
      text: 'hi',
      ts: '1800000800.000100',
      thread_ts: ask.ts,
    });
    await h.idle();
    expect(await repliesOf(ask.askId)).toHaveLength(0);
  });
});
