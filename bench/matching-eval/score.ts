import { readFileSync } from 'node:fs';
import { slugsOf } from '../../src/asks/held-slugs.js';
import type { Db } from '../../src/db/client.js';
import { matchPeople, skillsInText } from '../../src/skills/matching.js';

/**
 * The labelled evaluation set for matching (bench/matching-eval/README.md): asks in people's own
 * words with the catalogue skills that should match them and those that would be wrong, and
 * people who declared skills in their own words with the catalogue skills they meant.
 */
export interface EvalAsk {
  id: number;
  text: string;
  should: string[];
  wrong: string[];
}
export interface EvalPerson {
  id: number;
  declares: string;
  means: string[];
}

const read = <T>(name: string): T => JSON.parse(readFileSync(new URL(`./${name}`, import.meta.url), 'utf8')) as T;
export const evalAsks = (): EvalAsk[] => read('asks.json');
export const evalPeople = (): EvalPerson[] => read('people.json');

/** The fixed split: even ids are the tuning half, odd ids the held-out half scored only at the end. */
export const half = (ask: EvalAsk): 'tuning' | 'held-out' => (ask.id % 2 === 0 ? 'tuning' : 'held-out');

/** One workspace of people to match against: who each person is, by the catalogue skills they meant. */
export interface Population {
  name: string;
  teamId: string;
  means: Map<string, string[]>;
}

export interface Score {
  /** Asks scored for hits: those with at least one relevant person in the population. */
  asks: number;
  /** hit@1, a tie on the top score counted as the share of the tied people who are right. */
  hit1: number;
  hit5: number;
  /** hit@5 over the asks whose text names none of their skills (no name or alias in it). */
  hit5Unnamed: number;
  mrr: number;
  /** Share of all suggestions (top five of every ask) that hold a skill the ask should match. */
  precision5: number;
  /** Share of all suggestions that hold only skills labelled wrong for the ask. */
  wrong5: number;
  suggestions: number;
}

/** The catalogue skills an ask names, as posting an ask finds them (the ask's "Skills:" line). */
export async function namedSlugs(db: Db, text: string): Promise<string[]> {
  return slugsOf(db, await skillsInText(db, text));
}

/** Matches every ask as a new ask is matched (its named skills at full strength, the best five) and scores it. */
export async function scorePopulation(db: Db, population: Population, asks: EvalAsk[]): Promise<Score> {
  let scored = 0;
  let hit1 = 0;
  let hit5 = 0;
  let rr = 0;
  let unnamed = 0;
  let unnamedHit5 = 0;
  let suggestions = 0;
  let relevantShown = 0;
  let wrongShown = 0;
  for (const ask of asks) {
    const should = new Set(ask.should);
    const wrong = new Set(ask.wrong);
    const relevant = (userId: string) => (population.means.get(userId) ?? []).some((s) => should.has(s));
    const slugs = await namedSlugs(db, ask.text);
    const { matches } = await matchPeople(db, { teamId: population.teamId }, { text: ask.text, slugs, limit: 5 });
    suggestions += matches.length;
    for (const m of matches) {
      if (relevant(m.userId)) relevantShown += 1;
      else if ((population.means.get(m.userId) ?? []).some((s) => wrong.has(s))) wrongShown += 1;
    }
    if (![...population.means.keys()].some(relevant)) continue;
    scored += 1;
    const rank = matches.findIndex((m) => relevant(m.userId));
    const named = slugs.some((s) => should.has(s));
    if (!named) unnamed += 1;
    // People tied on the top score come in no particular order (user ids), so the first place is
    // counted as the share of them who are right: the chance a tie hands it to a right person.
    const top = matches.filter((m) => matches[0] && Math.abs(m.score - matches[0].score) < 1e-9);
    if (top.length > 0) hit1 += top.filter((m) => relevant(m.userId)).length / top.length;
    if (rank >= 0) {
      hit5 += 1;
      rr += 1 / (rank + 1);
      if (!named) unnamedHit5 += 1;
    }
  }
  const share = (n: number, of: number) => (of === 0 ? 0 : n / of);
  return {
    asks: scored,
    hit1: share(hit1, scored),
    hit5: share(hit5, scored),
    hit5Unnamed: share(unnamedHit5, unnamed),
    mrr: share(rr, scored),
    precision5: share(relevantShown, suggestions),
    wrong5: share(wrongShown, suggestions),
    suggestions,
  };
}

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

/** A Markdown table of scores, one row per population and half. */
export function scoreTable(rows: Array<{ population: string; half: string; score: Score }>): string {
  return [
    '| people | half | asks | hit@1 | hit@5 | hit@5 unnamed | MRR | precision@5 | wrong@5 | suggestions |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...rows.map(
      ({ population, half, score: s }) =>
        `| ${population} | ${half} | ${s.asks} | ${pct(s.hit1)} | ${pct(s.hit5)} | ${pct(s.hit5Unnamed)} | ` +
        `${s.mrr.toFixed(3)} | ${pct(s.precision5)} | ${pct(s.wrong5)} | ${s.suggestions} |`,
    ),
  ].join('\n');
}
