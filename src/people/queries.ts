import { and, eq, gt, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { people } from '../db/schema/index.js';
import type { Workspace } from '../slack/workspace.js';

export type Person = typeof people.$inferSelect;
export type NewPerson = typeof people.$inferInsert;

/** The cached person, if refreshed within maxAgeHours. */
export async function findFreshPerson(
  db: Db,
  ws: Workspace,
  userId: string,
  maxAgeHours: number,
): Promise<Person | undefined> {
  const [row] = await db
    .select()
    .from(people)
    .where(
      and(
        eq(people.teamId, ws.teamId),
        eq(people.userId, userId),
        gt(people.refreshedAt, sql`now() - make_interval(hours => ${maxAgeHours})`),
      ),
    );
  return row;
}

export async function upsertPerson(db: Db, person: NewPerson): Promise<Person> {
  const { teamId, userId, ...rest } = person;
  const [row] = await db
    .insert(people)
    .values(person)
    .onConflictDoUpdate({ target: [people.teamId, people.userId], set: { ...rest, refreshedAt: sql`now()` } })
    .returning();
  return row!;
}
