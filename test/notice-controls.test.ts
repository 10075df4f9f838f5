import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { people, personSkills } from '../src/db/schema/index.js';
import { ACTIONS } from '../src/slack/ids.js';
import { type Harness, startHarness, type TestTeam } from './support/harness.js';

// Matches told in the thread (the default), and by DM one at a time; both with the weekly cap at its default.
let h: Harness;
let hd: Harness;
beforeAll(async () => {
  [h, hd] = await Promise.all([
    startHarness({ env: { MATCH_NOTICES_PER_WEEK: '3' } }),
    startHarness({ env: { MATCH_NOTIFY: 'dm', MATCH_NOTIFY_LIMIT: '1', MATCH_NOTICES_PER_WEEK: '3' } }),
  ]);
  // Two apps and two fresh databases: on PGlite, on a busy machine, that takes a while.
}, 180_000);
afterAll(async () => {
  await Promise.all([h?.close(), hd?.close()]);
});

const suffix = () => randomBytes(4).toString('hex').toUpperCase();
const matchDms = (x: Harness, user: string) =>
  x.emulator.callsTo('chat.postMessage', (a) => a.channel === user && a.text?.includes('is asking'));
const blog = 'we want to start a blog, who can help?';

/** Two bloggers; with no other difference `first` sorts, and so ranks, before `second`. */
async function bloggers(x: Harness) {
  const team = x.team();
  const first = team.user({ id: `U0${suffix()}` });
  const second = team.user({ id: `UZ${suffix()}` });
  for (const u of [first, second]) await team.skills(u, 'add blogging');
  return { team, asker: team.user(), first, second };
}

const snoozedUntil = async (x: Harness, team: TestTeam, userId: string) =>
  (
    await x.database.db
      .select({ until: people.snoozedUntil })
      .from(people)
      .where(and(eq(people.teamId, team.teamId), eq(people.userId, userId)))
  )[0]?.until ?? null;

describe('Not my area', () => {
  it('on a match DM: the skill stops matching but stays listed, and the ask goes to the next best, once', async () => {
    const { team, asker, first, second } = await bloggers(hd);
    const ask = await team.ask(asker, blog);
    const [dm] = matchDms(hd, first);
    expect(JSON.stringify(dm!.args.blocks)).toContain(ACTIONS.notMyArea);
    expect(matchDms(hd, second)).toHaveLength(0);

    const presses = [];
    for (let i = 0; i < 2; i += 1)
      presses.push(await team.press(first, ACTIONS.notMyArea, { askId: ask.askId, channel: `D${first}` }));
    expect(presses[0]!.responses[0]!.text).toContain('*Blogging* will not bring you asks');
    expect(presses[0]!.responses[0]!.text).toContain('passed this ask on');
    expect(presses[1]!.responses[0]!.text).not.toContain('passed this ask on');
    expect(matchDms(hd, second)).toHaveLength(1);
    expect((await team.skills(first, 'list')).text).toContain('Blogging');

    await team.ask(asker, 'who could write a blog post about our move?');
    expect(matchDms(hd, first)).toHaveLength(1);
    expect(matchDms(hd, second)).toHaveLength(2);
    await team.openHome(first);
    expect(hd.lastHome(first)).toContain('Not my area');

    expect((await team.skills(first, 'add blogging')).text).toContain('Added skills: *Blogging*');
    await team.ask(asker, 'anyone who blogs? we need a blog for the charity run');
    expect(matchDms(hd, first)).toHaveLength(2);
  });

  it('on a digest entry they were never told of: the skills the ask wants stop matching them', async () => {
    const team = h.team();
    const [asker, late] = [team.user(), team.user()];
    const ask = await team.ask(asker, blog);
    await team.skills(late, 'add blogging, photography');
    await h.digest();
    const digest = h.emulator.callsTo(
      'chat.postMessage',
      (a) => a.channel === late && a.metadata?.event_type === 'who_can_help_digest',
    );
    expect(JSON.stringify(digest[0]?.args.blocks)).toContain(ACTIONS.notMyArea);
    const { responses } = await team.press(late, ACTIONS.notMyArea, { askId: ask.askId, channel: `D${late}` });
    expect(responses[0]!.text).toContain('*Blogging* will not bring you asks');
    // It was never sent to them, so there is nobody to replace: nobody else is told.
    expect(responses[0]!.text).not.toContain('passed this ask on');
    const muted = await h.database.db
      .select({ name: personSkills.name, mutedAt: personSkills.mutedAt })
      .from(personSkills)
      .where(and(eq(personSkills.teamId, team.teamId), eq(personSkills.userId, late)));
    expect(muted.find((m) => m.name === 'Blogging')?.mutedAt).toBeInstanceOf(Date);
    expect(muted.find((m) => m.name === 'Photography')?.mutedAt).toBeNull();
  });
});

describe('Snooze', () => {
  it('from a mention: two weeks without notices or digest matches, on Home; snooze off ends it', async () => {
    const team = h.team();
    const [asker, sleeper, awake] = [team.user(), team.user(), team.user()];
    for (const u of [sleeper, awake]) await team.skills(u, 'add blogging');
    const first = await team.ask(asker, blog);
    const mention = h.emulator.callsTo('chat.postMessage', (a) => a.thread_ts === first.ts)[0]!;
    expect(mention.args.text).toContain(`<@${sleeper}>`);
    expect(JSON.stringify(mention.args.blocks)).toContain(ACTIONS.snoozeNotices);

    const { responses } = await team.press(sleeper, ACTIONS.snoozeNotices, first);
    expect(responses[0]!.text).toContain('Snoozed until');
    const until = await snoozedUntil(h, team, sleeper);
    expect(until!.getTime() - Date.now()).toBeGreaterThan(13.9 * 86_400_000);

    const second = await team.ask(asker, 'who could write a blog post about our move?');
    const tagged = h.emulator.callsTo('chat.postMessage', (a) => a.thread_ts === second.ts).map((c) => c.args.text);
    expect(tagged.join('\n')).toContain(`<@${awake}>`);
    expect(tagged.join('\n')).not.toContain(`<@${sleeper}>`);

    // someone with the skill who was never told of these asks: the digest brings them
    const reader = team.user();
    await team.skills(reader, 'add blogging');
    await h.digest();
    const digestTo = (u: string) =>
      h.emulator.callsTo(
        'chat.postMessage',
        (a) => a.channel === u && a.metadata?.event_type === 'who_can_help_digest',
      );
    expect(digestTo(sleeper)).toHaveLength(0);
    expect(JSON.stringify(digestTo(reader)[0]?.args.blocks)).toContain(ACTIONS.snoozeNotices);

    await team.openHome(sleeper);
    expect(h.lastHome(sleeper)).toContain('Snoozed until');
    expect((await team.skills(sleeper, 'snooze off')).text).toContain('Snooze is off');
    expect(await snoozedUntil(h, team, sleeper)).toBeNull();
    const third = await team.ask(asker, 'anyone who blogs? we need a blog for the charity run');
    const again = h.emulator.callsTo('chat.postMessage', (a) => a.thread_ts === third.ts).map((c) => c.args.text);
    expect(again.join('\n')).toContain(`<@${sleeper}>`);
  });

  it('/skills snooze 3w snoozes three weeks; a length it cannot read is explained and changes nothing', async () => {
    const team = h.team();
    const person = team.user();
    for (const bad of ['forever', '0w', '20w']) {
      expect((await team.skills(person, `snooze ${bad}`)).text).toContain('/skills snooze 2w');
      expect(await snoozedUntil(h, team, person)).toBeNull();
    }
    expect((await team.skills(person, 'snooze 3w')).text).toContain('Snoozed until');
    const until = await snoozedUntil(h, team, person);
    expect(Math.round((until!.getTime() - Date.now()) / 86_400_000)).toBe(21);
  });
});

describe('MATCH_NOTICES_PER_WEEK', () => {
  it('past 3 asks a week a person is not told, and the next best is told instead; Home shows the count', async () => {
    const { team, asker, first, second } = await bloggers(hd);
    const texts = [blog, 'who can blog about the move?', 'a blog for the charity?', 'any bloggers for our blog?'];
    for (const text of texts) await team.ask(asker, text);
    expect(matchDms(hd, first)).toHaveLength(3);
    expect(matchDms(hd, second)).toHaveLength(1);
    expect(matchDms(hd, second)[0]!.args.text).toContain('any bloggers');
    await team.openHome(first);
    expect(hd.lastHome(first)).toContain('this week: 3 of at most 3');
  });
});
