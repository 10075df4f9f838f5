import { and, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asks, personSkills } from '../src/db/schema/index.js';
import { parseSkillsCommand } from '../src/skills/parse.js';
import { type Harness, startHarness, type TestTeam } from './support/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ env: { ASKS_PER_HOUR: '2' } });
});
afterAll(async () => {
  await h?.close();
});

const asksBy = async (asker: string) =>
  (await h.database.db.select({ n: count() }).from(asks).where(eq(asks.askerId, asker)))[0]!.n;
const skillsOf = async (team: TestTeam, user: string) =>
  (
    await h.database.db
      .select({ n: count() })
      .from(personSkills)
      .where(and(eq(personSkills.teamId, team.teamId), eq(personSkills.userId, user)))
  )[0]!.n;
/** Distinct free-text names no catalogue entry knows, `length` characters each. */
const names = (from: number, n: number, length = 12) =>
  Array.from({ length: n }, (_, i) => `zq${String(from + i).padStart(4, '0')}`.padEnd(length, 'k'));

const submitAsk = (team: TestTeam, user: string, need: string) =>
  h.slack.viewSubmission(team, user, {
    callback_id: 'ask_modal',
    private_metadata: JSON.stringify({ channel: team.channel }),
    values: { need: { need: { type: 'plain_text_input', value: need } } },
  });

describe('asking, limited per person (ASKS_PER_HOUR)', () => {
  it('past the limit, /ask and the form are refused kindly, saying when; an hour on, asking works again', async () => {
    const team = h.team();
    const asker = team.user();
    const first = await team.ask(asker, 'who can help with the first thing?');
    expect((await team.ask(asker, 'who can help with the second thing?')).ts).toBeTruthy();

    const third = await team.ask(asker, 'who can help with the third thing?');
    const posted = () =>
      h.emulator.callsTo('chat.postMessage', (a) => a.channel === team.channel && a.text?.includes(`<@${asker}> asks`));
    expect(posted()).toHaveLength(2);
    expect(third.responses.map((r) => r.body.text).join()).toMatch(
      /asked 2 times in the last hour.*ask again in (59|60) minutes/,
    );
    const form = await submitAsk(team, asker, 'who can help with the form?');
    await h.idle();
    expect(form.body).toMatchObject({
      response_action: 'errors',
      errors: { need: expect.stringMatching(/ask again in (59|60) minutes/) },
    });
    expect(await asksBy(asker)).toBe(2);
    expect(posted()).toHaveLength(2);
    // Someone else in the workspace is not held back by it.
    expect((await team.ask(team.user(), 'who can help me?')).ts).toBeTruthy();

    await h.age(first.askId, 2);
    await team.ask(asker, 'who can help with the fourth thing?');
    expect(posted()).toHaveLength(3);
  });
});

describe('skills and interests, at most 100 a person', () => {
  it('/skills add and interest stop at 100 in all and say so', async () => {
    const team = h.team();
    const user = team.user();
    await team.skills(user, `add ${names(0, 50).join(', ')}`);
    const over = await team.skills(user, `interest ${names(50, 50).join(', ')}`);
    expect(await skillsOf(team, user)).toBe(100);
    expect(over.text).toContain('Added interests');

    const full = await team.skills(user, 'add one more thing');
    expect(full.text).toContain('You have 100 skills and interests, the most one person can have');
    expect(await skillsOf(team, user)).toBe(100);

    await team.skills(user, `remove ${names(0, 5).join(', ')}`);
    const some = await team.skills(user, `add ${names(200, 8).join(', ')}`);
    expect(some.text).toContain('at most 100 skills and interests, so I left out the last 3');
    expect(await skillsOf(team, user)).toBe(100);
  });

  it(
    'the form shows what fits Slack (whole names), keeps what it ' + 'could not show, and refuses more than 100',
    async () => {
      const team = h.team();
      const user = team.user();
      const long = [...names(0, 50, 70), ...names(50, 50, 70)];
      await team.skills(user, `add ${long.slice(0, 50).join(', ')}`);
      await team.skills(user, `add ${long.slice(50).join(', ')}`);
      expect(await skillsOf(team, user)).toBe(100);

      await team.skills(user, '');
      const view = h.emulator.callsTo('views.update').at(-1)!.args.view;
      const free = view.blocks.find((b: any) => b.block_id === 'skills_free');
      const initial: string = free.element.initial_value;
      expect(initial.length).toBeLessThanOrEqual(3000);
      expect(initial.split(', ').every((n) => long.includes(n))).toBe(true);
      expect(free.hint.text).toMatch(/\d+ more are not shown here and stay as they are/);

      const submit = (value: string) =>
        h.slack.viewSubmission(team, user, {
          callback_id: 'skills_modal',
          private_metadata: view.private_metadata,
          values: { skills_free: { skills_free: { type: 'plain_text_input', value } } },
        });
      // Saved as shown: nothing lost.
      expect((await submit(initial)).status).toBe(200);
      await h.idle();
      expect(await skillsOf(team, user)).toBe(100);
      // One more than fits: the form says why and nothing changes.
      const refused = await submit(`${initial}, one too many`);
      await h.idle();
      expect(refused.body).toMatchObject({
        response_action: 'errors',
        errors: { skills_free: expect.stringContaining('At most 100 skills and interests in all') },
      });
      expect(await skillsOf(team, user)).toBe(100);
    },
  );
});

describe('long /skills text', () => {
  // 40 KB of text the old list patterns took seconds over, retrying from every position.
  const hostile = `add ${'<x'.repeat(20_000)}`;

  it('is cut before it is parsed, so it is read at once', () => {
    const started = performance.now();
    parseSkillsCommand(hostile);
    expect(performance.now() - started).toBeLessThan(200);
  });

  it('is answered quickly through the app, and a long list keeps only whole names', async () => {
    const team = h.team();
    const user = team.user();
    const started = performance.now();
    const reply = await team.skills(user, hostile);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(reply.reply.status).toBe(200);

    const list = await team.skills(user, `add ${names(0, 40, 80).join(', ')}, ${'z'.repeat(40_000)}`);
    expect(list.text).toContain('so I read only its start');
    const kept = await skillsOf(team, user);
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThanOrEqual(40);
    const stored = await h.database.db
      .select({ name: personSkills.name })
      .from(personSkills)
      .where(eq(personSkills.userId, user));
    expect(stored.every((s) => s.name.length <= 80)).toBe(true);
  });
});
