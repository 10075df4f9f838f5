import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evalAsks, evalPeople, type Population, type Score, scorePopulation } from '../bench/matching-eval/score.js';
import { loadCatalogue } from '../src/skills/catalogue.js';
import { type Harness, startHarness } from './support/harness.js';

// Floors a little under the scores recorded in bench/RESULTS.md ("Matching quality"), over the
// whole labelled set (both halves), so matching cannot silently get worse. Raise them when it improves.
// hit@1 counts a tie on the top score by the share of the tied who are right, so it does not move
// from run to run with the random user ids; MRR still does, by about ±0.01.
const FLOORS: Record<string, Partial<Score>> = {
  // recorded 2026-11-30: hit@1 70.2 %, hit@5 91.2 %, MRR 0.802, precision@5 57.3 %
  catalogue: { hit1: 0.67, hit5: 0.88, mrr: 0.77, precision5: 0.54 },
  // recorded 2026-11-30: hit@1 54.4 %, hit@5 70.3 %, MRR 0.615, precision@5 43.4 %
  'free text': { hit1: 0.51, hit5: 0.67, mrr: 0.58, precision5: 0.4 },
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
    const declarations = [
      ...loadCatalogue().map((e) => ({ team: catalogue, population: populations[0]!, text: e.name, means: [e.slug] })),
      ...evalPeople().map((p) => ({ team: free, population: populations[1]!, text: p.declares, means: p.means })),
    ];
    // ten people at a time, as colleagues would
    for (let i = 0; i < declarations.length; i += 10)
      await Promise.all(
        declarations.slice(i, i + 10).map(async ({ team, population, text, means }) => {
          const user = team.user();
          await team.skills(user, `add ${text}`);
          population.means.set(user, means);
        }),
      );
    for (const population of populations) {
      const score = await scorePopulation(h.database.db, population, evalAsks());
      for (const [figure, floor] of Object.entries(FLOORS[population.name]!))
        expect(score[figure as keyof Score], `${population.name} ${figure}`).toBeGreaterThanOrEqual(floor);
    }
  }, 600_000);
});
