import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evalAsks, evalPeople, type Population, type Score, scorePopulation } from '../bench/matching-eval/score.js';
import { loadCatalogue } from '../src/skills/catalogue.js';
import { type Harness, startHarness } from './support/harness.js';

// Floors a little under the scores recorded in bench/RESULTS.md ("Matching quality"), over the
// whole labelled set (both halves), so matching cannot silently get worse. Raise them when it improves.
const FLOORS: Record<string, Partial<Score>> = {
  catalogue: { hit1: 0.6, hit5: 0.8, mrr: 0.68, precision5: 0.5 },
  'free text': { hit1: 0.45, hit5: 0.55, mrr: 0.5, precision5: 0.38 },
};

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

describe('matching quality on the labelled set of asks', () => {
  it('finds the right people for asks in their own words, at or above the recorded floors', async () => {
    // Everyone declares their skills through /skills add, as typed: one person per catalogue skill
    // in one workspace, the set's people in their own words in another.
    const catalogue = h.team();
    const free = h.team();
    const populations: Population[] = [
      { name: 'catalogue', teamId: catalogue.teamId, means: new Map() },
      { name: 'free text', teamId: free.teamId, means: new Map() },
    ];
    for (const e of loadCatalogue()) {
      const user = catalogue.user();
      await catalogue.skills(user, `add ${e.name}`);
      populations[0]!.means.set(user, [e.slug]);
    }
    for (const p of evalPeople()) {
      const user = free.user();
      await free.skills(user, `add ${p.declares}`);
      populations[1]!.means.set(user, p.means);
    }
    for (const population of populations) {
      const score = await scorePopulation(h.database.db, population, evalAsks());
      for (const [figure, floor] of Object.entries(FLOORS[population.name]!))
        expect(score[figure as keyof Score], `${population.name} ${figure}`).toBeGreaterThanOrEqual(floor);
    }
  }, 600_000);
});
