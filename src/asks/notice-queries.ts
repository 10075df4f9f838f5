// Raw SQL for which of a person's skills an ask matched when no match was recorded (a digest entry):
// stems and array tests the query builder cannot say. Tables and columns are named through the schema.
import { and, eq, isNotNull, sql } from 'drizzle-orm';
import { type Db, rowsOf } from '../db/client.js';
import { askMatches, asks, catalogueSkills, personSkills } from '../db/schema/index.js';
import type { Env } from '../env.js';
import { muteSkills } from '../skills/notices.js';
import type { Workspace } from '../slack/workspace.js';
import { oweMatches } from './matches.js';
import type { Ask } from './queries.js';

/**
 * An ask of another workspace of the org (Enterprise Grid, matching across it) that the person was
 * told of: their notice's buttons arrive from their own workspace, where the ask is not.
 */
export async function askToldAcrossOrg(db: Db, ws: Workspace, id: string, userId: string): Promise<Ask | undefined> {
  if (!ws.enterpriseId || !/^[0-9a-f-]{36}$/i.test(id)) return undefined;
  const [row] = await db
    .select({ ask: asks })
    .from(asks)
    .innerJoin(askMatches, and(eq(askMatches.askId, asks.id), eq(askMatches.userId, userId)))
    .where(and(eq(asks.id, id), eq(asks.enterpriseId, ws.enterpriseId), isNotNull(asks.messageTs)));
  return row?.ask;
}

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
 * person, the ask records their no, and if it was sent to them (the first time only, so a retry
 * passes nothing on twice) it is owed to the next-best person while nobody has taken it on.
 */
export async function declineAsk(
  db: Db,
  env: Env,
  ask: Ask,
  userId: string,
  /** The person's own workspace, where their skills are: another of the org's when matched across it. */
  home: Workspace = ask,
): Promise<{ muted: string[]; owed: string[] }> {
  return db.transaction(async (tx) => {
    const [match] = await tx
      .select({ skill: askMatches.skill, notifiedAt: askMatches.notifiedAt })
      .from(askMatches)
      .where(and(eq(askMatches.teamId, ask.teamId), eq(askMatches.askId, ask.id), eq(askMatches.userId, userId)));
    const names = match ? [match.skill] : await skillsTheAskWants(tx, ask, userId);
    const muted = await muteSkills(tx, home, userId, names);
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
    // Only someone it was sent to is replaced: anyone else with the skill could otherwise pass it on.
    const replaced = Boolean(match?.notifiedAt) && ask.status === 'open' && !ask.claimedBy;
    if (declined.length === 0 || !replaced) return { muted, owed: [] };
    const { owed } = await oweMatches(tx, env, ask, { limit: 1, reason: 'declined' });
    return { muted, owed };
  });
}
