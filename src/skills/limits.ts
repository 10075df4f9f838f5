import { and, count, eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { personSkills } from '../db/schema/index.js';
import type { Workspace } from '../slack/workspace.js';

/** Skills and interests one person can have in all: enough for anyone, and a form Slack can show. */
export const SKILLS_PER_PERSON_MAX = 100;

export async function countSkills(db: Db, ws: Workspace, userId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(personSkills)
    .where(and(eq(personSkills.teamId, ws.teamId), eq(personSkills.userId, userId)));
  return row?.n ?? 0;
}

/** How many more skills and interests the person may add. */
export async function skillsRoomFor(db: Db, ws: Workspace, userId: string): Promise<number> {
  return Math.max(0, SKILLS_PER_PERSON_MAX - (await countSkills(db, ws, userId)));
}
