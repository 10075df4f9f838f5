import { INTEREST_WEIGHT } from './match-fragments.js';
import type { TeamIndex } from './match-index.js';
import type { Inputs } from './match-inputs.js';
import type { Kind } from './queries.js';

/** Everyone a query matched, with their scores, ready to be taken best first. */
export interface Ranking {
  /** How many people matched (the total shown with the results). */
  total: number;
  /** The best n, best first. */
  best(n: number): Ranked[];
}

export interface Ranked {
  person: number;
  score: number;
  /** Their credits for a skill asked for. */
  helped: number;
}

/**
 * Scores people exactly as the matching statement does (src/skills/matching.ts), in the same floating
 * point steps so that equal scores tie as they do there: a held row scores its key's score (an interest
 * 0.6 of it); a person scores their best row, 0.05 more for each further one, and 0.04 more for each
 * credit for a skill asked for (at most five); ties go to the lower user id.
 */
export function rank(index: TeamIndex, inputs: Inputs, opts: { exclude?: string[]; kinds?: Kind[] }): Ranking {
  const skills = !opts.kinds || opts.kinds.includes('skill');
  const interests = !opts.kinds || opts.kinds.includes('interest');
  // people credited before are numbered first, so the arrays and the exclusions below cover them
  const before = inputs.before.map(([userId, s]) => [index.person(userId), s] as const);
  const excluded = new Set((opts.exclude ?? []).map((u) => index.numberOf(u)).filter((n) => n !== undefined));
  const { best, count } = index.scratch();
  const touched: number[] = [];
  const visit = (n: number, interest: boolean, h: number) => {
    if ((interest ? !interests : !skills) || excluded.has(n)) return;
    const s = interest ? h * INTEREST_WEIGHT : h * 1.0;
    if (count[n] === 0) {
      touched.push(n);
      best[n] = s;
    } else if (s > best[n]!) best[n] = s;
    count[n]!++;
  };
  const hits = new Map(inputs.keys);
  for (const [key, h] of hits) index.forEachHolder(key, (n, interest) => visit(n, interest, h));
  index.forEachChanged((n, held) => {
    for (const x of held) {
      const h = hits.get(x.key);
      if (h !== undefined) visit(n, x.interest, h);
    }
  });
  for (const [n, s] of before) if (!index.isUnmatchable(n)) visit(n, false, s);
  const credits = new Map<number, number>();
  for (const [userId, n] of inputs.helped) {
    const person = index.numberOf(userId);
    if (person !== undefined) credits.set(person, n);
  }
  // the matched, by place: the scratch arrays are cleared for the next query before returning
  const people = Int32Array.from(touched);
  const scores = new Float64Array(people.length);
  for (let i = 0; i < people.length; i++) {
    const n = people[i]!;
    // as PostgreSQL adds a numeric to a float8: the numeric exactly, then rounded once
    scores[i] = best[n]! + (5 * (count[n]! - 1)) / 100 + (4 * Math.min(credits.get(n) ?? 0, 5)) / 100;
    count[n] = 0;
  }
  // ties go to the lower user id, as PostgreSQL sorts Slack's ids ([0-9A-Z]) under any collation
  const ids = index.users;
  const ahead = (a: number, b: number) => scores[b]! - scores[a]! || (ids[people[a]!]! < ids[people[b]!]! ? -1 : 1);
  const places = () => Array.from(people.keys());
  return {
    total: people.length,
    best: (n) =>
      (n >= people.length ? places().sort(ahead) : topN(people.length, n, ahead)).map((i) => ({
        person: people[i]!,
        score: scores[i]!,
        helped: credits.get(people[i]!) ?? 0,
      })),
  };
}

/** The first n of places 0…size-1 by `before`, without sorting them all: a short sorted list each is tried against. */
function topN(size: number, n: number, before: (a: number, b: number) => number): number[] {
  const top: number[] = [];
  for (let p = 0; p < size; p++) {
    if (top.length === n && before(p, top[n - 1]!) >= 0) continue;
    let lo = 0;
    let hi = top.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (before(top[mid]!, p) <= 0) lo = mid + 1;
      else hi = mid;
    }
    top.splice(lo, 0, p);
    if (top.length > n) top.pop();
  }
  return top;
}
