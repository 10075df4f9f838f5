import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asks, volunteers } from '../src/db/schema/index.js';
import type { Call } from '../src/local-slack/emulator.js';
import { type Harness, startHarness, type TestTeam } from './support/harness.js';
import { resolveWithForm } from './support/helping.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

// Retry-After 0: the Web API client still backs off a second or two before each retry.
const rateLimited = { status: 429, retryAfter: 0 } as const;
const ok = (calls: Call[]) => calls.filter((c) => c.result?.ok);
const volunteersOf = (askId: string) => h.database.db.select().from(volunteers).where(eq(volunteers.askId, askId));
const statusOf = async (askId: string) =>
  (await h.database.db.select().from(asks).where(eq(asks.id, askId)))[0]?.status;
/** What the asker was told about each volunteer, as Slack received it. */
const toldAbout = (asker: string, helper: string) =>
  // A reply under the asker's living DM about the ask, in their DM channel.
  h.emulator.callsTo('chat.postMessage', (a) => a.channel === `D${asker}` && a.text?.includes(`<@${helper}> can help`));
const lastUpdate = (ts: string) =>
  JSON.stringify(ok(h.emulator.callsTo('chat.update', (a) => a.ts === ts)).at(-1)?.args.blocks);
const thanks = (ts: string) =>
  h.emulator.callsTo('chat.postMessage', (a) => a.thread_ts === ts && a.text?.includes('marked resolved'));

const people = (team: TestTeam, n: number) => Array.from({ length: n }, () => team.user());

describe('Slack answering 429 in bursts', () => {
  it('an ask, its volunteers and resolving it each happen exactly once, after the waits', async () => {
    const team = h.team();
    const [asker, blogger] = people(team, 2);
    await team.skills(blogger!, 'add blogging');

    for (const method of ['users.info', 'chat.getPermalink', 'conversations.info'])
      h.emulator.fail(method, rateLimited, 1);
    h.emulator.fail('chat.postMessage', rateLimited, 2);
    const ask = await team.ask(asker!, 'we want to start a blog, who can help?');
    expect(ask.ts).toBeTruthy();
    expect(ok(h.emulator.callsTo('chat.postMessage', (a) => a.channel === team.channel && !a.thread_ts))).toHaveLength(
      1,
    );
    expect(
      ok(h.emulator.callsTo('chat.postMessage', (a) => a.thread_ts === ask.ts && a.text?.includes(`<@${blogger}>`))),
    ).toHaveLength(1);
    expect(ask.responses.map((r) => r.body.text)).toEqual([expect.stringContaining('Your ask is out')]);

    const helpers = people(team, 3);
    h.emulator.fail('chat.postMessage', rateLimited, 3);
    h.emulator.fail('chat.update', rateLimited, 1);
    await Promise.all(helpers.map((helper) => team.react(helper, ask)));
    expect((await volunteersOf(ask.askId)).map((v) => v.userId).sort()).toEqual([...helpers].sort());
    for (const helper of helpers) expect(ok(toldAbout(asker!, helper))).toHaveLength(1);
    expect(lastUpdate(ask.ts)).toContain('3 volunteers');

    h.emulator.fail('chat.update', rateLimited, 1);
    h.emulator.fail('chat.postMessage', rateLimited, 1);
    await resolveWithForm(h, team, asker!, ask);
    expect(await statusOf(ask.askId)).toBe('resolved');
    expect(lastUpdate(ask.ts)).toContain('Resolved');
    expect(ok(thanks(ask.ts))).toHaveLength(1);
  });
});

describe('Slack answering 500 in bursts', () => {
  it('asks refused during the burst keep nothing; asked again once Slack is back, the ask goes out once', async () => {
    const team = h.team();
    const asker = team.user();
    h.emulator.fail('chat.postMessage', { status: 500 }, 3);
    for (let i = 0; i < 3; i++) {
      const refused = await team.ask(asker, 'who can help me write a grant bid?');
      expect(refused.responses.map((r) => r.body.text)).toEqual([expect.stringContaining('try again')]);
    }
    expect(await h.database.db.select().from(asks).where(eq(asks.teamId, team.teamId))).toHaveLength(0);

    const ask = await team.ask(asker, 'who can help me write a grant bid?');
    expect(ask.ts).toBeTruthy();
    expect(ok(h.emulator.callsTo('chat.postMessage', (a) => a.channel === team.channel && !a.thread_ts))).toHaveLength(
      1,
    );
    expect(
      (await h.database.db.select().from(asks).where(eq(asks.teamId, team.teamId))).map((a) => a.messageTs),
    ).toEqual([ask.ts]);
  });

  it('volunteers are recorded once each, nothing is sent twice, the count catches up once Slack is back', async () => {
    const team = h.team();
    const asker = team.user();
    const ask = await team.ask(asker, 'who can help me move a piano?');
    const [early, button, late] = people(team, 3);

    h.emulator.fail('chat.postMessage', { status: 500 }, 2);
    h.emulator.fail('chat.update', { status: 500 }, 2);
    await team.react(early!, ask);
    const pressed = await team.press(button!, 'ask_volunteer', ask);
    // The offer is kept even though Slack failed to pass it on; the volunteer hears it went through.
    expect(pressed.responses.map((r) => r.text)).toEqual([expect.stringContaining('has been told')]);
    // The same reaction again, or a second press, changes nothing and sends nothing.
    await team.react(early!, ask);
    await team.press(button!, 'ask_volunteer', ask);

    await team.react(late!, ask);
    expect((await volunteersOf(ask.askId)).map((v) => v.userId).sort()).toEqual([early!, button!, late!].sort());
    // A DM that got a 500 may have arrived: it is never sent again.
    for (const helper of [early!, button!, late!]) expect(toldAbout(asker, helper)).toHaveLength(1);
    expect(ok(toldAbout(asker, late!))).toHaveLength(1);
    expect(lastUpdate(ask.ts)).toContain('3 volunteers');
  });

  it(
    'Mark resolved pressed again after a failed message update finishes the job: ' +
      'the message shows it, the thanks go out once',
    async () => {
      const team = h.team();
      const asker = team.user();
      const ask = await team.ask(asker, 'who can help me tidy the stock room?');
      const helper = team.user();
      await team.react(helper, ask);

      // The ask's message in the channel (the DMs about it are updated too, and may go through).
      h.emulator.fail('chat.update', { status: 500 }, 2, (a) => a.channel === ask.channel && a.ts === ask.ts);
      await resolveWithForm(h, team, asker, ask);
      // Sent from the form, which has no response_url: the asker hears by DM.
      expect(
        h.emulator.callsTo(
          'chat.postMessage',
          (a) => a.channel === asker && a.text?.includes('The ask is resolved, but Slack failed to update its message'),
        ),
      ).toHaveLength(1);
      expect(await statusOf(ask.askId)).toBe('resolved');
      const stillDown = await team.press(asker, 'ask_resolve', ask);
      expect(stillDown.responses.map((r) => r.text)).toEqual([expect.stringContaining('try again')]);

      const again = await team.press(asker, 'ask_resolve', ask);
      expect(again.responses.map((r) => r.text)).toEqual([expect.stringContaining('already resolved')]);
      expect(lastUpdate(ask.ts)).toContain('Resolved');
      expect(thanks(ask.ts)).toHaveLength(1);
      expect(thanks(ask.ts)[0]!.args.text).toContain(`<@${helper}>`);
    },
  );
});
