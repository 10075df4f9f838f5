import { and, eq, inArray, isNotNull, isNull, lt, lte, or, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { outbox } from '../db/schema/index.js';
import type { Workspace } from '../slack/workspace.js';
import type { Presence } from './presence.js';

/** One chat.postMessage, as its arguments (channel: a channel, or a user id for their DM). */
export interface MessageArgs {
  channel: string;
  text: string;
  thread_ts?: string;
  /** A thread reply also shown in the channel. */
  reply_broadcast?: boolean;
  blocks?: unknown[];
  unfurl_links?: boolean;
  unfurl_media?: boolean;
}

/** What a state change owes people, written in the same transaction as the change. */
export type Notice =
  /** `key`: owed once, however often the change is made (a volunteer's DM: once per ask and person). */
  | { kind: 'message'; message: MessageArgs; key?: string }
  /** Any other kind a feature delivers itself (re-rendering an ask's message from the database). */
  | { kind: string; payload: Record<string, unknown>; key: string };

export type OutboxItem = typeof outbox.$inferSelect;

/** Owes the notices; resolves with the ids of those newly owed, for the request to deliver. */
export async function owe(db: Db, ws: Workspace, notices: Notice[]): Promise<string[]> {
  if (notices.length === 0) return [];
  const ownerOf = { teamId: ws.teamId, enterpriseId: ws.enterpriseId ?? null };
  const rows = await db
    .insert(outbox)
    .values(
      notices.map((n) => ({
        ...ownerOf,
        kind: n.kind,
        key: n.key ?? null,
        payload: 'message' in n ? n.message : n.payload,
      })),
    )
    .onConflictDoNothing()
    .returning({ id: outbox.id });
  return rows.map((r) => r.id);
}

/**
 * Takes up to `limit` items that are due and that nobody alive is delivering (only the given ones,
 * or any), skipping rows another process is taking at this moment.
 */
export async function claimOwed(db: Db, presence: Presence, limit: number, only?: string[]): Promise<OutboxItem[]> {
  return db.transaction(async (tx) => {
    const due = await tx
      .select({ id: outbox.id })
      .from(outbox)
      .where(
        and(
          isNull(outbox.doneAt),
          lte(outbox.notBefore, sql`now()`),
          only ? inArray(outbox.id, only) : undefined,
          or(isNull(outbox.claimedBy), sql`not ${presence.alive(outbox.claimedBy)}`),
        ),
      )
      .orderBy(outbox.createdAt)
      .limit(limit)
      .for('update', { skipLocked: true });
    if (due.length === 0) return [];
    const rows = await tx
      .update(outbox)
      .set({ claimedBy: presence.key, attempts: sql`${outbox.attempts} + 1` })
      .where(
        inArray(
          outbox.id,
          due.map((d) => d.id),
        ),
      )
      .returning();
    return rows.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  });
}

/** Delivered, or given up on with Slack's reason. */
export async function markDelivered(db: Db, item: OutboxItem, error?: string): Promise<void> {
  await db
    .update(outbox)
    .set({ claimedBy: null, doneAt: sql`now()`, error: error ?? null })
    .where(eq(outbox.id, item.id));
}

/** Lets go of items this process claimed and could not finish recording: looked at afresh. */
export async function releaseClaims(db: Db, presence: Presence, ids: string[]): Promise<void> {
  await db
    .update(outbox)
    .set({ claimedBy: null })
    .where(and(inArray(outbox.id, ids), eq(outbox.claimedBy, presence.key)));
}

/** Slack could not take it now: anyone may try again after `seconds`. */
export async function retryLater(db: Db, item: OutboxItem, seconds: number): Promise<void> {
  await db
    .update(outbox)
    .set({ claimedBy: null, notBefore: sql`now() + make_interval(secs => ${seconds})` })
    .where(eq(outbox.id, item.id));
}

export async function pruneOutbox(db: Db): Promise<void> {
  await db.delete(outbox).where(and(isNotNull(outbox.doneAt), lt(outbox.createdAt, sql`now() - interval '30 days'`)));
}

/**
 * Marks done the pending, unclaimed items whose key starts with `prefix`: a delivery about to
 * render the latest state (an ask's message) covers every change owed before it looks.
 */
export async function supersede(db: Db, prefix: string, except: string): Promise<number> {
  const rows = await db
    .update(outbox)
    .set({ doneAt: sql`now()` })
    .where(
      and(
        isNull(outbox.doneAt),
        isNull(outbox.claimedBy),
        sql`starts_with(${outbox.key}, ${prefix})`,
        sql`${outbox.id} <> ${except}`,
      ),
    )
    .returning({ id: outbox.id });
  return rows.length;
}

/** Whether a keyed notice is still waiting to be delivered (its last try failed, say). */
export async function stillOwed(db: Db, key: string): Promise<boolean> {
  const [row] = await db.select({ doneAt: outbox.doneAt }).from(outbox).where(eq(outbox.key, key));
  return row !== undefined && row.doneAt === null;
}
