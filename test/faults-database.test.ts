import { and, eq, isNotNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asks } from '../src/db/schema';
import { until } from './support/bot-process';
import { serverUrl } from './support/database';
import { health, startHarnessBehindProxy, type Harness } from './support/harness';
import type { TcpProxy } from './support/tcp-proxy';

describe.runIf(serverUrl)('the database connection cut in the middle of a request', () => {
  let h: Harness;
  let proxy: TcpProxy;
  beforeAll(async () => {
    ({ h, proxy } = await startHarnessBehindProxy());
  });
  afterAll(async () => {
    await h?.close();
  });

  it('an ask already posted when it went is taken back, the asker told to try again, and no ask is kept', async () => {
    const team = h.team();
    const asker = team.user();
    // The ask is saved as a draft and on its way to Slack when the database goes.
    const posted = h.emulator.hold('chat.postMessage', (a) => a.channel === team.channel && !a.thread_ts);
    const responseUrl = h.emulator.responseUrl();
    const reply = await h.slack.command(team, { command: '/ask', text: 'who can help us set up a book club?', user_id: asker, channel_id: team.channel, response_url: responseUrl });
    expect(reply.status).toBe(200);
    await until('the ask to reach Slack', () => h.emulator.callsTo('chat.postMessage', (a) => a.channel === team.channel).length > 0);
    proxy.cut();
    posted();
    await h.idle();

    const post = h.emulator.callsTo('chat.postMessage', (a) => a.channel === team.channel)[0]!;
    expect(post.result?.ok).toBe(true);
    expect(h.emulator.callsTo('chat.delete', (a) => a.channel === post.result!.channel && a.ts === post.result!.ts).map((c) => c.result?.ok)).toEqual([true]);
    const answers = h.emulator.responses.filter((r) => r.url === responseUrl).map((r) => r.body);
    expect(answers).toEqual([expect.objectContaining({ response_type: 'ephemeral', text: expect.stringContaining('try again') })]);
    expect(await health(h)).toBe(503);

    proxy.restore();
    await until('the database to answer again', async () => (await health(h)) === 200, 60_000);
    // A draft the database could not delete is never shown or matched: no ask is on record.
    expect(await h.database.db.select().from(asks).where(and(eq(asks.teamId, team.teamId), isNotNull(asks.messageTs)))).toHaveLength(0);
    const again = await team.ask(asker, 'who can help us set up a book club?');
    expect(again.ts).toBeTruthy();
    expect((await h.database.db.select().from(asks).where(and(eq(asks.teamId, team.teamId), isNotNull(asks.messageTs)))).map((a) => a.messageTs)).toEqual([again.ts]);
  }, 90_000);

  it('an offer to help saved just before it went is kept once: the volunteer is told, and pressing again once it is back changes nothing', async () => {
    const team = h.team();
    const asker = team.user();
    const helper = team.user();
    const ask = await team.ask(asker, 'who can help me plan a charity run?');
    // Cut while the DM to the asker is on its way: the offer is already saved by then.
    const dm = h.emulator.hold('chat.postMessage', (a) => a.channel === asker);
    const responseUrl = h.emulator.responseUrl();
    await h.slack.buttonPress(team, helper, { action_id: 'ask_volunteer', value: ask.askId }, { channel: ask.channel, ts: ask.ts, response_url: responseUrl });
    await until('the DM to reach Slack', () => h.emulator.callsTo('chat.postMessage', (a) => a.channel === asker).length > 0);
    proxy.cut();
    dm();
    await h.idle();
    expect(h.emulator.responses.filter((r) => r.url === responseUrl).map((r) => r.body.text)).toEqual([expect.stringContaining('has been told')]);

    proxy.restore();
    await until('the database to answer again', async () => (await health(h)) === 200, 60_000);
    const second = await team.press(helper, 'ask_volunteer', ask);
    expect(second.responses.map((r) => r.text)).toEqual([expect.stringContaining('already down as a volunteer')]);
    expect(h.emulator.callsTo('chat.postMessage', (a) => a.channel === asker && a.text?.includes(`<@${helper}> can help`))).toHaveLength(1);
  }, 90_000);
});
