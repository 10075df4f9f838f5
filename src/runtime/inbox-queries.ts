import { and, eq, isNotNull, isNull, lt, not, or, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { botProcesses, inbox } from '../db/schema/index.js';
import type { Presence } from './presence.js';
import type { InboxItem } from './requests.js';

/** A released row (its run failed before the ack) waits this long for Slack's own retry first. */
const RELEASED_WAIT = sql`now() - interval '30 seconds'`;

/** Claimable: not done, and nobody alive on it. */
const claimable = (presence: Presence) =>
  and(
    isNull(inbox.doneAt),
    or(isNull(inbox.claimedBy), and(isNotNull(inbox.claimedBy), not(presence.alive(inbox.claimedBy)))),
  );

/**
 * The payload as jsonb takes it: PostgreSQL refuses a NUL character in a JSON string (text can carry
 * one), and drizzle cannot tell a prototype-less object (a slash command's parsed form) from its own.
 */
function storable(value: unknown): unknown {
  if (typeof value === 'string') return value.includes('\0') ? value.replaceAll('\0', '') : value;
  if (Array.isArray(value)) return value.map(storable);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, storable(v)]));
}

/**
 * Records the request as this process's to run. False when the same request (Slack's retry of an
 * event) is done already or is being run by a live process.
 */
export async function admit(db: Db, presence: Presence, item: InboxItem, payload: object): Promise<boolean> {
  const rows = await db
    .insert(inbox)
    .values({
      key: item.key,
      teamId: item.teamId,
      kind: item.kind,
      payload: storable(payload),
      claimedBy: presence.key,
    })
    .onConflictDoUpdate({ target: inbox.key, set: { claimedBy: presence.key }, setWhere: claimable(presence) })
    .returning({ key: inbox.key });
  return rows.length > 0;
}

export async function markDone(db: Db, key: string): Promise<void> {
  await db.update(inbox).set({ doneAt: sql`now()` }).where(eq(inbox.key, key));
}

/** Lets anyone take it again: Slack's retry, or the next sweep. */
export async function release(db: Db, presence: Presence, key: string): Promise<void> {
  await db
    .update(inbox)
    .set({ claimedBy: null })
    .where(and(eq(inbox.key, key), eq(inbox.claimedBy, presence.key)));
}

/** A request refused after all (its row written too late): an event's released, another's deleted. */
export async function withdraw(db: Db, presence: Presence, item: InboxItem): Promise<void> {
  if (item.kind === 'event') return release(db, presence, item.key);
  await db.delete(inbox).where(and(eq(inbox.key, item.key), eq(inbox.claimedBy, presence.key)));
}

/** Requests whose process died after acknowledging them (or that were released): now this one's. */
export async function takeOrphans(
  db: Db,
  presence: Presence,
  limit: number,
): Promise<Array<InboxItem & { payload: unknown }>> {
  const stranded = db
    .select({ key: inbox.key })
    .from(inbox)
    .where(
      and(
        isNull(inbox.doneAt),
        sql`${inbox.receivedAt} > now() - interval '1 day'`,
        or(
          and(isNull(inbox.claimedBy), lt(inbox.receivedAt, RELEASED_WAIT)),
          and(isNotNull(inbox.claimedBy), not(presence.alive(inbox.claimedBy))),
        ),
      ),
    )
    .orderBy(inbox.receivedAt)
    .limit(limit)
    .for('update', { skipLocked: true });
  const rows = await db
    .update(inbox)
    .set({ claimedBy: presence.key })
    .where(sql`${inbox.key} in ${stranded}`)
    .returning({ key: inbox.key, kind: inbox.kind, teamId: inbox.teamId, payload: inbox.payload });
  // The kind is written from a RequestKind and never changed.
  return rows as Array<InboxItem & { payload: unknown }>;
}

/** Requests and dead processes older than a day: nothing of theirs is still owed. */
export async function pruneInbox(db: Db): Promise<void> {
  await db.delete(inbox).where(lt(inbox.receivedAt, sql`now() - interval '1 day'`));
  await db.delete(botProcesses).where(lt(botProcesses.seenAt, sql`now() - interval '1 day'`));
}
