import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { askMatches, credits } from '../src/db/schema/index.js';
import { type Harness, startHarness, type TestTeam } from './support/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const suffix = () => randomBytes(4).toString('hex').toUpperCase();

/** Credits as an asker's resolve records them: one row per ask helped with, with its catalogue skills. */
async function credit(team: TestTeam, userId: string, skills: string[][]) {
  await h.database.db
    .insert(credits)
    .values(skills.map((s) => ({ teamId: team.teamId, userId, creditedBy: team.user(), skills: s })));
}

/** Two bloggers with equal skills; `first` sorts before `second`, so with no credits it comes first. */
async function bloggers() {
  const team = h.team();
  const first = team.user({ id: `U0${suffix()}` });
  const second = team.user({ id: `UZ${suffix()}` });
  for (const u of [first, second]) await team.skills(u, 'add blogging');
  return { team, first, second };
}

describe('help that counts', () => {
  it('someone credited for a skill ranks above an equal match in /skills who and on an ask, saying why', async () => {
    const { team, first, second } = await bloggers();
    await credit(team, second, [['blogging'], ['blogging'], ['blogging', 'wordpress']]);
    const who = await team.skills(team.user(), 'who blogging');
    const lines = who.text.split('\n').filter((l) => l.startsWith('•'));
    expect(lines[0]).toContain(`<@${second}>`);
    expect(lines[0]).toContain('helped 3 people with this');
    expect(lines[1]).toContain(`<@${first}>`);
    expect(lines[1]).not.toContain('helped');

    const ask = await team.ask(team.user(), 'we want to start a blog, who can help?');
    const [tagged] = h.emulator.callsTo('chat.postMessage', (a) => a.thread_ts === ask.ts).map((c) => c.args.text);
    expect(tagged!.indexOf(`<@${second}>`)).toBeLessThan(tagged!.indexOf(`<@${first}>`));
    expect(tagged).toContain(`<@${second}> knows *Blogging*, helped 3 people with this`);
    const reasons = await h.database.db
      .select({ userId: askMatches.userId, reason: askMatches.reason })
      .from(askMatches)
      .where(eq(askMatches.askId, ask.askId));
    expect(reasons).toEqual(
      expect.arrayContaining([
        { userId: second, reason: 'credits' },
        { userId: first, reason: null },
      ]),
    );
  });

  it('credits for other skills do not rank anyone for this one', async () => {
    const { team, first, second } = await bloggers();
    await credit(team, second, [['wordpress'], ['photography']]);
    const who = await team.skills(team.user(), 'who blogging');
    const lines = who.text.split('\n').filter((l) => l.startsWith('•'));
    expect(lines[0]).toContain(`<@${first}>`);
    expect(who.text).not.toContain('helped');
  });

  it('/skills list, list @someone and the Home tab say "Helped 4 people (Blogging ×3, WordPress)"', async () => {
    const { team, second } = await bloggers();
    await credit(team, second, [['blogging'], ['blogging'], ['blogging'], ['wordpress']]);
    const line = 'Helped 4 people (Blogging ×3, WordPress)';
    expect((await team.skills(second, 'list')).text).toContain(line);
    expect((await team.skills(team.user(), `list <@${second}>`)).text).toContain(line);
    await team.openHome(second);
    expect(h.lastHome(second)).toContain(line);
    const newcomer = team.user();
    expect((await team.skills(team.user(), `list <@${newcomer}>`)).text).not.toContain('Helped');
  });

  it('/skills history off hides the history from others and from ranking; on brings both back', async () => {
    const { team, first, second } = await bloggers();
    await credit(team, second, [['blogging'], ['blogging']]);
    const off = await team.skills(second, 'history off');
    expect(off.text).toContain('hidden from others');
    const someone = team.user();
    expect((await team.skills(someone, `list <@${second}>`)).text).not.toContain('Helped');
    expect((await team.skills(second, 'list')).text).toContain('Helped 2 people (Blogging ×2) · _hidden from others_');
    const who = await team.skills(someone, 'who blogging');
    expect(who.text).not.toContain('helped');
    expect(who.text.split('\n').filter((l) => l.startsWith('•'))[0]).toContain(`<@${first}>`);

    await team.skills(second, 'history on');
    expect((await team.skills(someone, `list <@${second}>`)).text).toContain('Helped 2 people (Blogging ×2)');
    expect((await team.skills(someone, 'who blogging')).text.split('\n')[1]).toContain(`<@${second}>`);
  });

  it('/skills history with anything else explains itself and changes nothing', async () => {
    const { team, second } = await bloggers();
    await credit(team, second, [['blogging']]);
    const reply = await team.skills(second, 'history maybe');
    expect(reply.text).toContain('/skills history off');
    expect((await team.skills(team.user(), `list <@${second}>`)).text).toContain('Helped 1 person (Blogging)');
    expect(
      await h.database.db
        .select({ userId: credits.userId })
        .from(credits)
        .where(and(eq(credits.teamId, team.teamId), eq(credits.userId, second))),
    ).toHaveLength(1);
  });
});
