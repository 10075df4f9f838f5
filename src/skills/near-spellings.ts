import { loadCatalogue } from './catalogue.js';
import { normaliseSkill } from './normalise.js';

/**
 * pg_trgm's trigrams of a text, made as it makes them for plain ASCII: each run of letters and digits,
 * lower-cased, padded with two spaces before and one after. Undefined for any other text, where
 * pg_trgm's own rules (the locale's letters, multibyte characters) decide.
 */
function trigrams(text: string): Set<string> | undefined {
  if (!/^[\x20-\x7e]*$/.test(text)) return undefined;
  const found = new Set<string>();
  for (const word of text.toLowerCase().match(/[a-z0-9]+/g) ?? []) {
    const padded = `  ${word} `;
    for (let i = 0; i + 3 <= padded.length; i++) found.add(padded.slice(i, i + 3));
  }
  return found;
}

/** pg_trgm's similarity of two trigram sets: shared over all. */
function similarity(a: Set<string>, b: Set<string>): number {
  let shared = 0;
  for (const t of a) if (b.has(t)) shared++;
  const all = a.size + b.size - shared;
  return all === 0 ? 0 : shared / all;
}

/** A little under PostgreSQL's figure is still sent to it: it has the last word on every pair. */
const MARGIN = 0.05;

let oneWordTerms: Array<{ term: string; grams: Set<string> | undefined }> | undefined;

/** The catalogue's one-word names and aliases of five letters or more: those a typo is looked for in. */
function terms() {
  oneWordTerms ??= [
    ...new Set(loadCatalogue().flatMap((e) => [e.name, ...e.aliases].map((t) => normaliseSkill(t).norm))),
  ]
    .filter((t) => t.length >= 5 && !t.includes(' '))
    .map((term) => ({ term, grams: trigrams(term) }));
  return oneWordTerms;
}

/**
 * The (term, word) pairs of the catalogue's one-word terms and the text's words that may be a near
 * spelling: similar enough by pg_trgm's measure, and in prose (not `short`) of lengths within two.
 * PostgreSQL works out each pair's similarity again and decides (match-search.ts): this only spares it
 * comparing thousands of pairs (7–13 ms for a long ask's words against 551 terms).
 */
export function nearSpellingPairs(words: string[], short: boolean, floor: number): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (const w of words) {
    const wordGrams = trigrams(w);
    for (const { term, grams } of terms()) {
      const unsure = !wordGrams || !grams;
      if (!short && !unsure && Math.abs(term.length - w.length) > 2) continue;
      if (unsure || similarity(grams, wordGrams) >= floor - MARGIN) pairs.push([term, w]);
    }
  }
  return pairs;
}
