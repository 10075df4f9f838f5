import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freeSkillNames, personSkills } from '../src/db/schema/index.js';
import { type Harness, startHarness } from './support/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

// Matching searches each workspace's distinct free-text names, not every row (bench/RESULTS.md).
describe('the free-text names matching searches', () => {
  it('follow every write to the skills: adding, removing, Not my area and forget-me', async () => {
    const team = h.team();
    const [a, b, c, d] = [team.user(), team.user(), team.user(), team.user()];
    const names = async () =>
      Object.fromEntries(
        (await h.database.db.select().from(freeSkillNames).where(eq(freeSkillNames.teamId, team.teamId))).map((n) => [
          n.norm,
          n.rows,
        ]),
      );
    await team.skills(a, 'add Sourdough baking, Python');
    await team.skills(b, 'add sourdough baking');
    await team.skills(c, 'interest sourdough baking');
    await team.skills(d, 'add sourdough baking');
    // catalogue skills are not free text
    expect(await names()).toEqual({ 'sourdough baking': 4 });

    await team.skills(a, 'remove sourdough baking');
    await team.press(b, 'skills_forget_me', { askId: 'forget', channel: team.channel });
    expect(await names()).toEqual({ 'sourdough baking': 2 });
    expect((await team.skills(team.user(), 'who sourdough')).text).toContain(`<@${c}>`);

    // muted rows keep their name (they come back with *add*) but are not found
    await h.database.db
      .update(personSkills)
      .set({ mutedAt: new Date() })
      .where(and(eq(personSkills.teamId, team.teamId), eq(personSkills.userId, d)));
    expect(await names()).toEqual({ 'sourdough baking': 2 });
    const who = (await team.skills(team.user(), 'who sourdough')).text;
    expect(who).toContain(`<@${c}>`);
    expect(who).not.toContain(`<@${d}>`);

    await team.skills(c, 'remove sourdough baking');
    await team.skills(d, 'remove sourdough baking');
    expect(await names()).toEqual({});
    expect((await team.skills(team.user(), 'who sourdough')).text).not.toContain('<@');
  });

  it('more guests than the bounded sort spares still leave room for the member after them', async () => {
    const team = h.team();
    const member = team.user();
    // the best are picked 20 beyond the places (20 for /skills who): 45 guests outrank the member
    for (let i = 0; i < 45; i++) await team.skills(team.user({ is_restricted: true }), 'add sourdough baking');
    await team.skills(member, 'interest sourdough baking');
    expect((await team.skills(team.user(), 'who sourdough baking')).text).toContain(`<@${member}>`);
  });

  it('an ask no one holds a skill for still reaches someone sharing a word of it', async () => {
    const team = h.team();
    const [asker, baker] = [team.user(), team.user()];
    await team.skills(baker, 'add sourdough baking');
    // no catalogue skill and no full free-text name: only the partial name "sourdough baking"
    await team.ask(asker, 'Our sourdough starter keeps dying, any tips?');
    const told = h.emulator.callsTo('chat.postMessage', (a) => Boolean(a.thread_ts) && a.channel === team.channel);
    expect(JSON.stringify(told.map((c) => c.args))).toContain(`<@${baker}>`);
  });
});
