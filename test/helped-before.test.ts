import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './support/harness.js';
import { resolveWithForm } from './support/helping.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

describe('learning from who helped', () => {
  it('someone credited on a conference ask is found for conferences, though they declared nothing', async () => {
    const team = h.team();
    const [asker, helper, planner] = [team.user(), team.user(), team.user()];
    await team.skills(planner, 'add conference organising');
    const first = await team.ask(asker, 'Organising a conference for 200 people in March');
    await resolveWithForm(h, team, asker, first, { helpers: [helper] });

    const out = await team.skills(team.user(), 'who conference');
    // weak evidence: below the person who declared the skill
    expect(out.text).toContain(`<@${helper}> — helped with a similar ask`);
    expect(out.text.indexOf(planner)).toBeLessThan(out.text.indexOf(helper));

    // nobody is found by a helping history they hid
    await team.skills(helper, 'history off');
    expect((await team.skills(team.user(), 'who conference')).text).not.toContain(helper);
  });
});
