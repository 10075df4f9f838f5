import { randomUUID } from 'node:crypto';
import type { webApi } from '@slack/bolt';
import { and, desc, eq, isNotNull, isNull, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { outbox, volunteers } from '../db/schema/index.js';
import type { Deps } from '../deps.js';
import type { Deliver } from '../runtime/outbox.js';
import type { Notice, OutboxItem } from '../runtime/outbox-queries.js';
import { alreadySent, NOTICE_EVENT } from '../runtime/sent.js';
import { slackErrorCode } from '../slack/errors.js';
import { type Ask, findAsk } from './queries.js';
import { volunteerDmMessage } from './volunteer-dm-blocks.js';

interface Where {
  channel: string;
  ts: string;
}

/** Every render owed for one volunteer's DM starts so: the one delivered last shows the latest state. */
export const volunteerDmPrefix = (askId: string, userId: string) => `volunteer_confirm:${askId}:${userId}:`;

/** A render of the volunteer's DM; `where`: the DM of someone who just withdrew (their row is gone). */
export const volunteerDm = (ask: Pick<Ask, 'id'>, userId: string, where?: Where): Notice => ({
  kind: 'volunteer_dm',
  key: `${volunteerDmPrefix(ask.id, userId)}${randomUUID()}`,
  payload: { askId: ask.id, userId, ...where },
});

const row = (ask: Pick<Ask, 'teamId' | 'id'>, userId: string) =>
  and(eq(volunteers.teamId, ask.teamId), eq(volunteers.askId, ask.id), eq(volunteers.userId, userId));

/** Where the volunteer's DM is, while they are a volunteer (a row), or undefined. */
export async function volunteerDmOf(db: Db, ask: Pick<Ask, 'teamId' | 'id'>, userId: string) {
  const [r] = await db
    .select({ channel: volunteers.dmChannel, ts: volunteers.dmTs })
    .from(volunteers)
    .where(row(ask, userId));
  return r;
}

/**
 * Someone offering again gets their earlier DM back: withdrawing deletes their volunteer row, so the
 * DM's place lives on in the render owed when they withdrew (kept with the outbox for 30 days).
 */
export async function reuseVolunteerDm(db: Db, ask: Ask, userId: string): Promise<void> {
  const [last] = await db
    .select({ payload: outbox.payload })
    .from(outbox)
    .where(
      and(
        eq(outbox.teamId, ask.teamId),
        eq(outbox.kind, 'volunteer_dm'),
        sql`starts_with(${outbox.key}, ${volunteerDmPrefix(ask.id, userId)})`,
        sql`${outbox.payload} ->> 'ts' is not null`,
      ),
    )
    .orderBy(desc(outbox.createdAt))
    .limit(1);
  const where = last?.payload as Partial<Where> | undefined;
  if (!where?.channel || !where.ts) return;
  await db
    .update(volunteers)
    .set({ dmChannel: where.channel, dmTs: where.ts })
    .where(and(row(ask, userId), isNull(volunteers.dmTs)));
}

/** Records the DM's place unless another delivery recorded its own first (`stale`: the one it replaces). */
async function place(db: Db, ask: Ask, userId: string, where: Where, stale?: string): Promise<boolean> {
  const rows = await db
    .update(volunteers)
    .set({ dmChannel: where.channel, dmTs: where.ts })
    .where(and(row(ask, userId), stale ? eq(volunteers.dmTs, stale) : isNull(volunteers.dmTs)))
    .returning({ userId: volunteers.userId });
  return rows.length > 0;
}

/**
 * The outbox's delivery of a volunteer's DM: updated in place where it exists, posted once while
 * they are a volunteer and it does not. Someone who withdrew before their DM was posted gets none.
 */
export const deliverVolunteerDm =
  (deps: Deps): Deliver =>
  async (client, item) => {
    const { askId, userId, channel, ts } = item.payload as { askId: string; userId: string } & Partial<Where>;
    const ask = await findAsk(deps.db, item, askId);
    if (!ask) return;
    const mine = await volunteerDmOf(deps.db, ask, userId);
    const message = volunteerDmMessage(ask, userId, Boolean(mine));
    const where = mine?.ts ? { channel: mine.channel!, ts: mine.ts } : channel && ts ? { channel, ts } : undefined;
    if (where) {
      const updated = await client.chat
        .update({ ...where, ...message })
        .then(() => true)
        .catch((err: unknown) => {
          // Deleted by the person: a volunteer gets a fresh one below; nobody else needs one.
          if (slackErrorCode(err) !== 'message_not_found') throw err;
          return false;
        });
      if (updated || !mine) return;
    } else if (!mine) return;
    await post(deps, client, item, ask, userId, message, mine.ts ?? undefined);
  };

async function post(
  deps: Deps,
  client: webApi.WebClient,
  item: OutboxItem,
  ask: Ask,
  userId: string,
  message: ReturnType<typeof volunteerDmMessage>,
  stale?: string,
) {
  const args = { channel: userId, ...message, unfurl_links: false };
  // Cut off mid-send before: it may be in Slack already, and nobody gets two.
  if (item.attempts > 1 && (await alreadySent(client, item.id, args))) return;
  const sent = await client.chat.postMessage({
    ...args,
    metadata: { event_type: NOTICE_EVENT, event_payload: { notice: item.id } },
  } as webApi.ChatPostMessageArguments);
  const where = { channel: sent.channel ?? userId, ts: sent.ts! };
  // Another replica posted one at the same moment: keep theirs.
  if (!(await place(deps.db, ask, userId, where, stale))) await client.chat.delete(where).catch(() => {});
}

/**
 * A closed ask's volunteers' DMs lose their *Withdraw* and thank them instead. Best effort, after the
 * ask's own refresh: a DM that cannot be updated now keeps a button that answers "closed".
 */
export async function closeVolunteerDms(deps: Deps, client: webApi.WebClient, ask: Ask): Promise<void> {
  if (ask.status === 'open') return;
  const rows = await deps.db
    .select({ userId: volunteers.userId, channel: volunteers.dmChannel, ts: volunteers.dmTs })
    .from(volunteers)
    .where(and(eq(volunteers.teamId, ask.teamId), eq(volunteers.askId, ask.id), isNotNull(volunteers.dmTs)));
  for (const r of rows) {
    await client.chat
      .update({ channel: r.channel!, ts: r.ts!, ...volunteerDmMessage(ask, r.userId, true) })
      .catch((err: unknown) => deps.log.warn({ err, teamId: ask.teamId }, "could not update a volunteer's DM"));
  }
}
