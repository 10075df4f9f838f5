import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expireAsks } from '../src/jobs/expiry.js';
import { sendReminders } from '../src/jobs/reminders.js';
import { type Harness, startHarness } from './support/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

describe('reminders and expiry', () => {
  it('an ask nobody volunteered for gets one nudge, the next-best matches, and one DM to the asker', async () => {
    const team = h.team();
    const asker = team.user();
    const experts = Array.from({ length: 7 }, () => team.user());
    for (const u of experts) await team.skills(u, 'add user research');
    const ask = await team.ask(asker, 'who can run user research interviews?');
    const firstTagged = experts.filter(
      (u) => h.emulator.callsTo('chat.postMessage', (a) => a.thread_ts === ask.ts && a.text.includes(u)).length,
    );
    expect(firstTagged).toHaveLength(5);
    await h.age(ask.askId, 49);
    await sendReminders(h.bot.deps, h.clients);
    await sendReminders(h.bot.deps, h.clients);
    const thread = h.emulator
      .callsTo('chat.postMessage', (a) => a.thread_ts === ask.ts)
      .map((c) => c.args.text as string);
    expect(thread.filter((t) => t.includes('No volunteers yet'))).toHaveLength(1);
    const later = experts.filter((u) => !firstTagged.includes(u));
    for (const u of later) expect(thread.at(-1)).toContain(u);
    for (const u of firstTagged) expect(thread.at(-1)).not.toContain(u);
    expect(
      h.emulator.callsTo('chat.postMessage', (a) => a.channel === asker && a.text.includes('Nobody has volunteered')),
    ).toHaveLength(1);
  });

  it('an ask with a volunteer, or too young, is not reminded', async () => {
    const team = h.team();
    const asker = team.user();
    const helped = await team.ask(asker, 'who can proofread a leaflet?');
    await team.react(team.user(), helped);
    await h.age(helped.askId, 72);
    const young = await team.ask(asker, 'who can lend a tripod?');
    await h.age(young.askId, 10);
    await sendReminders(h.bot.deps, h.clients);
    for (const ask of [helped, young])
      expect(
        h.emulator.callsTo('chat.postMessage', (a) => a.thread_ts === ask.ts && a.text.includes('No volunteers')),
      ).toHaveLength(0);
  });

  it('an open ask older than ASK_EXPIRY_DAYS closes as expired, its message says so, the asker is told', async () => {
    const team = h.team();
    const asker = team.user();
    const ask = await team.ask(asker, 'who can fix the coffee machine?');
    await h.age(ask.askId, 31 * 24);
    await expireAsks(h.bot.deps, h.clients);
    const update = h.emulator.callsTo('chat.update', (a) => a.ts === ask.ts).at(-1)!;
    expect(JSON.stringify(update.args.blocks)).toContain('Expired');
    expect(JSON.stringify(update.args.blocks)).not.toContain('ask_volunteer');
    expect(
      h.emulator.callsTo('chat.postMessage', (a) => a.channel === asker && a.text.includes("I've closed it")),
    ).toHaveLength(1);
    const late = await team.press(team.user(), 'ask_volunteer', ask);
    expect(late.responses[0]!.text).toContain('closed');
  });
});
