// Raw SQL: trigram similarity (`%`) and stem-array containment over the catalogue and the free-text
// names, which the query builder cannot say. Every table and column is named through the schema objects.

import { type SQL, sql } from 'drizzle-orm';
import { type AnyPgColumn, alias } from 'drizzle-orm/pg-core';
import { sqlArray } from '../db/arrays.js';
import { catalogueSignals, catalogueSkills, catalogueTerms, freeSkillNames } from '../db/schema/index.js';
import type { Workspace } from '../slack/workspace.js';
import { GENERIC_WORDS } from './generic-words.js';
import type { MatchQuery } from './matching.js';
import { nearSpellingPairs } from './near-spellings.js';
import { normaliseSkill } from './normalise.js';

/** A catalogue signal's score: below a name or alias (0.95), a short query's partial name (0.75). */
const SIGNAL_SCORE = 0.7;

/** Longer words of the text, for catching typos ("photgraphy") by trigram similarity. */
function typoWords(text: string): string[] {
  const words = text.toLowerCase().match(/\p{L}[\p{L}\p{N}+#.-]{3,}/gu) ?? [];
  return [...new Set(words)].slice(0, 60);
}

export interface Search {
  /** The CTEs `q`, `term_hits` (slug, score: catalogue skills the text asks for) and `free_names`
   * (team_id, norm, score: the free-text names it finds), for a `with`. */
  ctes: SQL;
  /** The text's stems that say which skill is meant, as an array expression. */
  distinctive: SQL;
  /** A lookup by workspace: the query's own, or the org's list when matching across it (Grid). */
  inScope: (col: SQL | AnyPgColumn) => SQL;
  cross: boolean;
}

/**
 * What the text asks for: catalogue skills by name, alias, near spelling or signal, and free-text
 * names by their own words. Both the matching statement and the match index rank people from these.
 * `strongOnly` leaves out free-text names that share only some words (scored 0.54 or less).
 */
export function searchFor(ws: Workspace, query: MatchQuery, strongOnly: boolean): Search {
  const norm = normaliseSkill(query.text).norm;
  const words = typoWords(query.text);
  const short = words.length <= 4 && norm.length <= 80;
  // the text's stems, worked out once (in q): as an expression, a generic plan stemmed it again for every name
  const stems = sql`(select lex from q)`;
  const ct = alias(catalogueTerms, 'ct');
  const t = alias(catalogueTerms, 't');
  const sg = alias(catalogueSignals, 'sg');
  const termHits = alias(catalogueTerms, 'term_hits');
  const fn = alias(freeSkillNames, 'fn');
  const cross = (query.teams?.length ?? 0) > 1;
  const inScope = (col: SQL | AnyPgColumn) =>
    cross ? sql`${col} = any(${sqlArray(query.teams ?? [])})` : sql`${col} = ${ws.teamId}`;
  // In prose an everyday word is often half like a skill ("reach", react): only closer spellings count there,
  const typoFloor = short ? 0.5 : 0.6;
  // and a word that only begins a term ("next", Next.js; "first", first-aid) is no misspelling of it.
  // Only the pairs of a word and a one-word term that may be near spellings are compared here.
  const pairs = nearSpellingPairs(words, short, typoFloor);
  const nearSpelling = short
    ? sql`${t.term} % (p->>1) and similarity(${t.term}, p->>1) >= ${typoFloor}`
    : sql`abs(length(${t.term}) - length(p->>1)) <= 2 and similarity(${t.term}, p->>1) >= ${typoFloor}`;
  // The text's stems that say which skill is meant: a free-text skill sharing one of them is a weaker match.
  // Stemmed once per statement (search_words below): as expressions, each use stemmed the list again.
  const generic = sql`(select generic from search_words)`;
  const distinctive = sql`(select distinctive from search_words)`;
  // The words of the catalogue skills the text asks for, by name or by signal, from their names and
  // one-word aliases ("typos" finds Editing and proofreading, whose words find "copy editing" typed in
  // someone's own words; "photographer" is a stem "photography" is not): weaker still. Longer aliases
  // are left out: "react native" would bring "react" to every mobile app ask.
  const cs = alias(catalogueSkills, 'cs');
  const it = alias(catalogueTerms, 'it');
  const implied = sql`(select implied from implied_words)`;
  const impliedWords = sql`array(
    select unnest(tsvector_to_array(to_tsvector('english', ${cs.name}))) from ${catalogueSkills} ${cs}
    where ${cs.slug} in (select ${termHits.slug} from term_hits)
    union
    select unnest(${it.lexemes}) from ${catalogueTerms} ${it}
    where ${it.slug} in (select ${termHits.slug} from term_hits) and position(' ' in ${it.term}) = 0
    except select unnest(${generic}))`;
  // A free-text name's score, from its own norm and stems alone.
  const freeScore = sql`case
          when ${fn.norm} = ${norm} then 1.0
          when cardinality(${fn.lexemes}) > 0 and ${fn.lexemes} <@ ${stems} then 0.95
          when ${short} and cardinality(${stems}) > 0 and ${fn.lexemes} @> ${stems} then 0.75
          -- sharing some words: a skill of fewer words is more surely it
          when ${fn.lexemes} && ${distinctive} then 0.6 - 0.1 * least(cardinality(${fn.lexemes}), 3) / 3
          when ${fn.lexemes} && ${implied} then 0.5 - 0.1 * least(cardinality(${fn.lexemes}), 3) / 3
          else similarity(${fn.norm}, ${norm}) * 0.8
        end * 0.9`;
  const ctes = sql`q as (
      select tsvector_to_array(to_tsvector('english', ${query.text})) as lex,
             tsvector_to_array(to_tsvector('simple', ${query.text})) as plain,
             ${norm}::text as norm, ${short}::boolean as short
    ),
    term_hits as (
      select ${t.slug}, case
          when ${t.term} = q.norm then 1.0
          when cardinality(${t.lexemes}) > 0 and ${t.lexemes} <@ t.query_lex then 0.95
          else 0.75
        end as score
      from (
        select ${ct}.*, case when ${ct.stemmed} then q.lex else q.plain end as query_lex
        from ${catalogueTerms} ${ct} cross join q
      ) ${t}
      cross join q
      where ${t.term} = q.norm
         or (cardinality(${t.lexemes}) > 0 and ${t.lexemes} <@ t.query_lex)
         or (q.short and cardinality(t.query_lex) > 0 and ${t.lexemes} @> t.query_lex)
      union all
      -- a near spelling of a one-word term ("photgraphy")
      select ${t.slug}, similarity(${t.term}, p->>1) * 0.8
      from json_array_elements(${JSON.stringify(pairs)}::json) p join ${catalogueTerms} ${t} on ${t.term} = p->>0
      where length(${t.term}) >= 5 and position(' ' in ${t.term}) = 0 and ${nearSpelling}
      union all
      -- a signal: words that show a need for the skill without naming it ("typos" for proofreading),
      -- weaker evidence than any name, alias or near spelling of one
      select ${sg.slug}, least(${SIGNAL_SCORE} + 0.1 * (count(*) - 1), 0.85)
      from ${catalogueSignals} ${sg} cross join q
      where cardinality(${sg.lexemes}) > 0 and ${sg.lexemes} <@ q.lex
      group by ${sg.slug}
      union all
      select json_array_elements_text(${JSON.stringify(query.slugs ?? [])}::json), 1.0
    ),
    search_words as materialized (
      select g.generic, array(select unnest(${stems}) except select unnest(g.generic)) as distinctive
      from (select tsvector_to_array(to_tsvector('english', ${GENERIC_WORDS})) as generic) g
    ),
    implied_words as materialized (select ${impliedWords} as implied),
    -- a free-text name's score depends on its own norm and stems alone, so each workspace's distinct
    -- names are searched and scored (the conditions name constants, not q, so the planner can serve
    -- each from an index), then their holders read from person_skills_free_names_idx alone
    free_names as (
      select ${fn.teamId}, ${fn.norm}, ${freeScore} as score
      from ${freeSkillNames} ${fn}
      where ${inScope(fn.teamId)} and (
            ${fn.norm} = ${norm}
         or (cardinality(${fn.lexemes}) > 0 and ${fn.lexemes} <@ ${stems})${
           strongOnly
             ? sql``
             : sql`
         or ${fn.lexemes} && ${distinctive}
         or ${fn.lexemes} && ${implied}`
         }${
           short
             ? sql`
         or (cardinality(${stems}) > 0 and ${fn.lexemes} @> ${stems})`
             : sql``
         })${
           short && !strongOnly
             ? sql`
      -- near spellings apart, from the trigram index: in the OR above they were compared name by name
      union
      select ${fn.teamId}, ${fn.norm}, ${freeScore}
      from ${freeSkillNames} ${fn}
      where ${inScope(fn.teamId)} and ${fn.norm} % ${norm} and similarity(${fn.norm}, ${norm}) >= 0.5`
             : sql``
         }
    )`;
  return { ctes, distinctive, inScope, cross };
}
