import { and, eq, gt, inArray, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { forgottenPeople, people } from '../db/schema/index.js';
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

/** Which of these people asked to be forgotten in the workspace. */
export async function forgottenAmong(db: Db, ws: Workspace, userIds: string[]): Promise<Set<string>> {
  if (userIds.length === 0) return new Set();
  const rows = await db
    .select({ userId: forgottenPeople.userId })
    .from(forgottenPeople)
    .where(and(eq(forgottenPeople.teamId, ws.teamId), inArray(forgottenPeople.userId, userIds)));
  return new Set(rows.map((r) => r.userId));
}

/** Someone forgotten uses the bot again, their own choice: they are stored as anyone else from now on. */
export async function unforget(db: Db, ws: Workspace, userId: string): Promise<void> {
  await db
    .delete(forgottenPeople)
    .where(and(eq(forgottenPeople.teamId, ws.teamId), eq(forgottenPeople.userId, userId)));
}
