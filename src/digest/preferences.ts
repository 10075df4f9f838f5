import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { people } from '../db/schema/index.js';
import type { Workspace } from '../slack/workspace.js';

/** How long *Pause 4 weeks* pauses the digest. */
export const DIGEST_PAUSE_DAYS = 28;

const person = (ws: Workspace, userId: string) => and(eq(people.teamId, ws.teamId), eq(people.userId, userId));

/** `/skills digest off` and the digest's *Stop these* button; `/skills digest on` undoes it. */
export async function setDigestOptOut(db: Db, ws: Workspace, userId: string, optOut: boolean): Promise<void> {
  await db
    .update(people)
    .set({ digestOptOut: optOut, ...(optOut ? {} : { digestPausedUntil: null }) })
    .where(person(ws, userId));
}

/** *Pause 4 weeks* (until the date returned), or *Resume* with `until` null. */
export async function pauseDigest(db: Db, ws: Workspace, userId: string, until: Date | null): Promise<void> {
  await db.update(people).set({ digestPausedUntil: until }).where(person(ws, userId));
}
