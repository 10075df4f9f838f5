import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { people } from '../db/schema/index.js';
import type { Workspace } from '../slack/workspace.js';

/** `/skills digest off` and the digest's *Stop these* button; `/skills digest on` undoes it. */
export async function setDigestOptOut(db: Db, ws: Workspace, userId: string, optOut: boolean): Promise<void> {
  await db
    .update(people)
    .set({ digestOptOut: optOut })
    .where(and(eq(people.teamId, ws.teamId), eq(people.userId, userId)));
}
