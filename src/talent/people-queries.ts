import { and, eq, inArray, or, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { people, personSkills } from '../db/schema/index.js';
import type { Workspace } from '../slack/workspace.js';

/** `/skills mentor on|off` and `/skills spotlight on|off`: the person's own opt-ins. */
export async function setOptIn(
  db: Db,
  ws: Workspace,
  userId: string,
  flags: { mentor?: boolean; spotlight?: boolean },
): Promise<void> {
  await db
    .update(people)
    .set(flags)
    .where(and(eq(people.teamId, ws.teamId), eq(people.userId, userId)));
}

/** Members open to teaching who hold one of these skills (by catalogue slug or as typed), up to `limit`. */
export async function mentorsFor(
  db: Db,
  ws: Workspace,
  skills: { slugs: string[]; norms: string[] },
  exclude: string,
  limit: number,
): Promise<Array<{ userId: string; skill: string }>> {
  const holds = or(
    skills.slugs.length ? inArray(personSkills.catalogueSlug, skills.slugs) : undefined,
    skills.norms.length ? inArray(personSkills.norm, skills.norms) : undefined,
  );
  if (!holds) return [];
  return db
    .selectDistinctOn([personSkills.userId], { userId: personSkills.userId, skill: personSkills.name })
    .from(personSkills)
    .innerJoin(people, and(eq(people.teamId, personSkills.teamId), eq(people.userId, personSkills.userId)))
    .where(
      and(
        eq(personSkills.teamId, ws.teamId),
        eq(personSkills.kind, 'skill'),
        holds,
        sql`${personSkills.mutedAt} is null`,
        sql`${personSkills.userId} <> ${exclude}`,
        eq(people.mentor, true),
        eq(people.isGuest, false),
        eq(people.deleted, false),
        eq(people.isBot, false),
      ),
    )
    .orderBy(personSkills.userId)
    .limit(limit);
}
