import { and, asc, count, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { askMatches, asks, replies, volunteers } from '../db/schema/index.js';
import type { Workspace } from '../slack/workspace.js';

export type Ask = typeof asks.$inferSelect;
export type NewAsk = typeof asks.$inferInsert;

export async function insertAsk(db: Db, ask: NewAsk): Promise<Ask> {
  const [row] = await db.insert(asks).values(ask).returning();
  return row!;
}

export async function markPosted(
  db: Db,
  draft: Ask,
  posted: {
    channelId: string;
    messageTs: string;
    permalink: string | null;
    isPrivate?: boolean;
    externallyShared?: boolean;
  },
) {
  const [row] = await db
    .update(asks)
    .set(posted)
    .where(and(eq(asks.teamId, draft.teamId), eq(asks.id, draft.id)))
    .returning();
  return row!;
}

/** The ask a request made, posted or not: the same request run again finds it. */
export async function findAskByRequest(db: Db, ws: Workspace, requestKey: string): Promise<Ask | undefined> {
  const [row] = await db
    .select()
    .from(asks)
    .where(and(eq(asks.teamId, ws.teamId), eq(asks.requestKey, requestKey)));
  return row;
}

/** How many people were told about the ask. */
export async function countMatches(db: Db, ask: Ask): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(askMatches)
    .where(and(eq(askMatches.teamId, ask.teamId), eq(askMatches.askId, ask.id)));
  return row?.n ?? 0;
}

export async function deleteUnpostedAsk(db: Db, draft: Ask): Promise<void> {
  await db.delete(asks).where(and(eq(asks.teamId, draft.teamId), eq(asks.id, draft.id)));
}

/** A posted ask by id, within the workspace only. */
export async function findAsk(db: Db, ws: Workspace, id: string): Promise<Ask | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
  const [row] = await db
    .select()
    .from(asks)
    .where(and(eq(asks.teamId, ws.teamId), eq(asks.id, id), isNotNull(asks.messageTs)));
  return row;
}

export async function findAskByMessage(db: Db, ws: Workspace, channelId: string, ts: string): Promise<Ask | undefined> {
  const [row] = await db
    .select()
    .from(asks)
    .where(and(eq(asks.teamId, ws.teamId), eq(asks.channelId, channelId), eq(asks.messageTs, ts)));
  return row;
}

/** Inserts the volunteer unless already there; true only for a new volunteer. */
export async function addVolunteer(db: Db, ask: Ask, userId: string, via: 'reaction' | 'button'): Promise<boolean> {
  const rows = await db
    .insert(volunteers)
    .values({ askId: ask.id, teamId: ask.teamId, enterpriseId: ask.enterpriseId, userId, via })
    .onConflictDoNothing()
    .returning({ userId: volunteers.userId });
  return rows.length > 0;
}

export async function removeVolunteer(db: Db, ask: Ask, userId: string): Promise<boolean> {
  const rows = await db
    .delete(volunteers)
    .where(and(eq(volunteers.teamId, ask.teamId), eq(volunteers.askId, ask.id), eq(volunteers.userId, userId)))
    .returning({ userId: volunteers.userId });
  return rows.length > 0;
}

export async function listVolunteers(db: Db, ask: Ask): Promise<string[]> {
  const rows = await db
    .select({ userId: volunteers.userId })
    .from(volunteers)
    .where(and(eq(volunteers.teamId, ask.teamId), eq(volunteers.askId, ask.id)))
    .orderBy(asc(volunteers.createdAt), asc(volunteers.userId));
  return rows.map((r) => r.userId);
}

/**
 * Resolves an open ask, or an expired one (its asker may say who helped after it ran out of time);
 * undefined when it was neither (already resolved, or deleted).
 */
export async function closeAsk(db: Db, ask: Ask, resolvedBy: string): Promise<Ask | undefined> {
  const [row] = await db
    .update(asks)
    .set({ status: 'resolved', resolvedAt: sql`now()`, resolvedBy })
    .where(and(eq(asks.teamId, ask.teamId), eq(asks.id, ask.id), inArray(asks.status, ['open', 'expired'])))
    .returning();
  return row;
}

/**
 * The ask's message was deleted in Slack: the ask stays only as a record that it was (no text, no
 * details, no skills), and its stored replies and matches go with it, in one transaction.
 */
export async function markAskDeleted(db: Db, ws: Workspace, channelId: string, ts: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    const rows = await tx
      .update(asks)
      .set({ status: 'deleted', text: '', details: null, skills: [] })
      .where(and(eq(asks.teamId, ws.teamId), eq(asks.channelId, channelId), eq(asks.messageTs, ts)))
      .returning({ id: asks.id });
    if (rows.length === 0) return false;
    const ids = rows.map((r) => r.id);
    await tx.delete(replies).where(and(eq(replies.teamId, ws.teamId), inArray(replies.askId, ids)));
    await tx.delete(askMatches).where(and(eq(askMatches.teamId, ws.teamId), inArray(askMatches.askId, ids)));
    return true;
  });
}

export async function upsertReply(
  db: Db,
  ask: Ask,
  reply: { ts: string; userId: string; text: string; edited: boolean },
): Promise<void> {
  const postedAt = new Date(Number(reply.ts.split('.')[0]) * 1000);
  const editedAt = reply.edited ? new Date() : null;
  await db
    .insert(replies)
    .values({
      askId: ask.id,
      teamId: ask.teamId,
      enterpriseId: ask.enterpriseId,
      ts: reply.ts,
      userId: reply.userId,
      text: reply.text,
      postedAt,
      editedAt,
    })
    .onConflictDoUpdate({
      target: [replies.askId, replies.ts],
      set: { text: reply.text, ...(editedAt ? { editedAt } : {}) },
    });
}

/** Deletes the reply with this ts in any ask thread of the channel. */
export async function deleteReply(db: Db, ws: Workspace, channelId: string, ts: string): Promise<boolean> {
  const askIds = db
    .select({ id: asks.id })
    .from(asks)
    .where(and(eq(asks.teamId, ws.teamId), eq(asks.channelId, channelId)));
  const rows = await db
    .delete(replies)
    .where(and(eq(replies.teamId, ws.teamId), eq(replies.ts, ts), inArray(replies.askId, askIds)))
    .returning({ ts: replies.ts });
  return rows.length > 0;
}
