// Raw SQL: array overlaps against the credits' GIN indexes, a fragment of the matching statement.
import { type SQL, sql } from 'drizzle-orm';
import { type AnyPgColumn, alias } from 'drizzle-orm/pg-core';
import { credits, people } from '../db/schema/index.js';

/** The skill name of a match found by help given rather than a skill held (no skill name is empty). */
export const HELPED_BEFORE = '';
/**
 * Credited on an ask that wanted a skill this text finds, or that shared its words: below every
 * skill a person declared, so help given fills places a declared skill leaves empty and never
 * pushes a declared match out (on the labelled set's simulated history, 0.6 for the skill cost
 * free text 2.6 points of hit@5; 0.35 gained it 2.6).
 */
const FOR_THE_SKILL = 0.35;
const FOR_THE_WORDS = 0.3;
/** Distinctive words an earlier ask must share: one is as often chance ("budget", "spring"). */
const WORDS = 2;

/**
 * Learning from who helped: people credited on earlier asks that wanted the skills this text finds
 * (credits keep the ask's catalogue skills) or shared two distinctive words with it (credits keep its stems),
 * one row a person, as weak evidence of what they can help with: a second "conference" ask finds
 * who helped with the first even if they never declared it. Each further credit adds a little.
 * Never for anyone who hid their helping history.
 */
export function helpedBefore(args: {
  inScope: (col: AnyPgColumn) => SQL;
  carry: (col: AnyPgColumn) => SQL;
  /** The catalogue slugs the text finds, as an array expression. */
  slugs: SQL;
  /** The text's distinctive stems, as an array expression. */
  distinctive: SQL;
}): SQL {
  const cr = alias(credits, 'cr');
  const hp = alias(people, 'hp');
  const { inScope, carry } = args;
  return sql`
      select ${cr.userId}${carry(cr.teamId)}, 'skill'::skill_kind, ${HELPED_BEFORE}::text,
             max(case when ${cr.skills} && ${args.slugs} then ${FOR_THE_SKILL}::numeric
                      else ${FOR_THE_WORDS}::numeric end)
               + 0.02 * least(count(*) - 1, 5)
      from ${credits} ${cr}
      where ${inScope(cr.teamId)} and (${cr.skills} && ${args.slugs} or (${cr.lexemes} && ${args.distinctive}
        and cardinality(array(select unnest(${cr.lexemes}) intersect select unnest(${args.distinctive}))) >= ${WORDS}))
        and not exists (
          select 1 from ${people} ${hp}
          where ${hp.teamId} = ${cr.teamId} and ${hp.userId} = ${cr.userId} and ${hp.historyHidden}
        )
      group by ${cr.userId}${carry(cr.teamId)}`;
}
