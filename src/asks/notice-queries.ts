// Raw SQL for which of a person's skills an ask matched when no match was recorded (a digest entry):
// stems and array tests the query builder cannot say. Tables and columns are named through the schema.
import { and, eq, sql } from 'drizzle-orm';
import { type Db, rowsOf } from '../db/client.js';
import { askMatches, asks, catalogueSkills, personSkills } from '../db/schema/index.js';
import type { Env } from '../env.js';
import { muteSkills } from '../skills/notices.js';
import { oweMatches } from './matches.js';
import type { Ask } from './queries.js';

/** The person's live skills and interests the ask wants: by catalogue name, or free text by its stems. */
async function skillsTheAskWants(db: Db, ask: Ask, userId: string): Promise<string[]> {
  const ps = personSkills;
  const rows = await rowsOf<{ name: string }>(
    db,
    sql`select ${ps.name} as name from ${ps}
        left join ${catalogueSkills} on ${catalogueSkills.slug} = ${ps.catalogueSlug}
        where ${ps.teamId} = ${ask.teamId} and ${ps.userId} = ${userId} and ${ps.mutedAt} is null
          and (${catalogueSkills.name} in (select unnest(${asks.skills}) from ${asks} where ${asks.id} = ${ask.id})
               or (${ps.catalogueSlug} is null and cardinality(${ps.lexemes}) > 0
                   and ${ps.lexemes} <@ tsvector_to_array(
                     to_tsvector('english', ${ask.text} || ' ' || coalesce(${ask.details}, '')))))`,
  );
  return rows.map((r) => r.name);
}

/**
 * *Not my area* on an ask's notice, in one transaction: the skill it matched stops matching the
 * person, the ask records their no, and (the first time only, so a retry passes nothing on twice)
 * the ask is owed to the next-best person while nobody has taken it on.
 */
export async function declineAsk(
  db: Db,
  env: Env,
  ask: Ask,
  userId: string,
): Promise<{ muted: string[]; owed: string[] }> {
  return db.transaction(async (tx) => {
    const [match] = await tx
      .select({ skill: askMatches.skill })
      .from(askMatches)
      .where(and(eq(askMatches.teamId, ask.teamId), eq(askMatches.askId, ask.id), eq(askMatches.userId, userId)));
    const names = match ? [match.skill] : await skillsTheAskWants(tx, ask, userId);
    const muted = await muteSkills(tx, ask, userId, names);
    const declined = await tx
      .insert(askMatches)
      .values({
        askId: ask.id,
        teamId: ask.teamId,
        enterpriseId: ask.enterpriseId,
        userId,
        skill: names[0] ?? '',
        score: 0,
        declinedAt: sql`now()`,
      })
      .onConflictDoUpdate({
        target: [askMatches.askId, askMatches.userId],
        set: { declinedAt: sql`now()` },
        setWhere: sql`${askMatches.declinedAt} is null`,
      })
      .returning({ userId: askMatches.userId });
    const open = ask.status === 'open' && !ask.claimedBy;
    if (declined.length === 0 || !open) return { muted, owed: [] };
    const { owed } = await oweMatches(tx, env, ask, { limit: 1, reason: 'declined' });
    return { muted, owed };
  });
}
