import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendReminders } from '../src/jobs/reminders.js';
import { type Harness, startHarness } from './support/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const inThread = (ts: string) => h.emulator.callsTo('chat.postMessage', (a) => a.thread_ts === ts);
const dmsTo = (user: string, text?: string) => h.dmsTo(user, text);

async function setup(channel: { extShared?: boolean; private?: boolean } = {}) {
  const team = h.team();
  const [asker, blogger] = [team.user(), team.user()];
  await team.skills(blogger, 'add blogging');
  h.emulator.channels.set(team.channel, { ...channel, member: true });
  const ask = await team.ask(asker, 'we want to start a blog, who can help?');
  expect(ask.ts).toBeTruthy();
  const confirmation = ask.responses.map((r) => r.body.text).join('\n');
  return { asker, blogger, ask, confirmation };
}

describe('an ask in a channel shared with another organisation', () => {
  it('never names the matching people in its thread: they are told by DM, and the asker is told why', async () => {
    const { blogger, ask, confirmation } = await setup({ extShared: true });
    expect(inThread(ask.ts)).toEqual([]);
    expect(dmsTo(blogger).map((c) => c.args.text)).toEqual([expect.stringContaining('You came up because you know')]);
    expect(confirmation).toContain('is shared with another organisation');
    expect(confirmation).toContain('I told 1 person whose skills match by DM');
  });

  it(
    'in a private shared channel tells nobody (no thread, no DM ' + 'to people who may not be in it), and says so',
    async () => {
      const { blogger, ask, confirmation } = await setup({ extShared: true, private: true });
      expect(inThread(ask.ts)).toEqual([]);
      expect(dmsTo(blogger)).toEqual([]);
      expect(confirmation).toContain("I haven't told anyone whose skills match");
    },
  );

  it("in the organisation's own channel, still names them in the thread", async () => {
    const { blogger, ask, confirmation } = await setup();
    expect(inThread(ask.ts).map((c) => c.args.text)).toEqual([expect.stringContaining(`<@${blogger}> knows`)]);
    expect(confirmation).not.toContain('shared');
  });

  it('a reminder two days on tells the next matches by DM there too, never in its thread', async () => {
    const team = h.team();
    const [asker, first] = [team.user(), team.user()];
    const later = team.user();
    await team.skills(first, 'add blogging');
    h.emulator.channels.set(team.channel, { extShared: true, member: true });
    const ask = await team.ask(asker, 'we want to start a blog, who can help?');
    await team.skills(later, 'add blogging');
    await h.age(ask.askId, 49);
    await sendReminders(h.bot.deps, h.clients);
    await h.idle();
    // The ladder's first step names nobody in the thread; the newly matched person is told privately.
    expect(inThread(ask.ts).map((c) => c.args.text)).toEqual([]);
    expect(dmsTo(later)).toHaveLength(1);
  });
});
