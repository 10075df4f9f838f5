// Raw SQL here only where the builder cannot say it: asking for the database's clock, and taking
// the advisory lock of a run that died. Tables and columns are named through the schema objects.
import { and, asc, count, eq, inArray, lt, ne, or, type SQL, sql } from 'drizzle-orm';
import type { PgUpdateSetSource } from 'drizzle-orm/pg-core';
import { type Db, rowsOf } from '../db/client.js';
import { asks, digestDeliveries, digestWeeks, people, personSkills } from '../db/schema/index.js';
import { type DigestAsk, type DigestToSend, digestContent, type ReaderSkills } from './content.js';

/** A planned digest as a run claims it. */
export interface Claimed {
  teamId: string;
  enterpriseId: string | null;
  userId: string;
  content: unknown;
}

/** A digest whose DM may or may not have reached Slack before its run died. */
export interface Uncertain {
  teamId: string;
  enterpriseId: string | null;
  userId: string;
  claimedAt: Date | null;
}

/** Which run holds a delivery, and the week: every write after the claim is conditional on both. */
export interface Holder {
  week: string;
  run: bigint;
}

type Settled = PgUpdateSetSource<typeof digestDeliveries>;

export const whose = (r: { teamId: string; userId: string }) => `${r.teamId}/${r.userId}`;
const teamsOf = (rows: Claimed[]) => [...new Set(rows.map((r) => r.teamId))];

/** The row of this person's digest that week, while `run` still holds it. */
const held = (r: { teamId: string; userId: string }, h: Holder) =>
  and(
    eq(digestDeliveries.teamId, r.teamId),
    eq(digestDeliveries.userId, r.userId),
    eq(digestDeliveries.week, h.week),
    eq(digestDeliveries.claimedBy, h.run),
  );

/** Rows this run may claim: pending ones, and ones put back to retry before it started. */
const claimable = (week: string, runStarted: string) =>
  and(
    eq(digestDeliveries.week, week),
    or(
      eq(digestDeliveries.status, 'pending'),
      and(eq(digestDeliveries.status, 'retry'), lt(digestDeliveries.claimedAt, sql`${runStarted}::timestamptz`)),
    ),
  );

/** The database's clock as text (microseconds kept), as claimed_at is written. */
export async function databaseNow(db: Db): Promise<string> {
  const [row] = await rowsOf<{ now: string }>(db, sql`select now()::text as now`);
  return row!.now;
}

/** How many digests of the week a run starting at `runStarted` has still to send. */
export async function countToSend(db: Db, week: string, runStarted: string): Promise<number> {
  const [row] = await db.select({ n: count() }).from(digestDeliveries).where(claimable(week, runStarted));
  return row?.n ?? 0;
}

/** Claims the next `limit` digests no other run holds, in a stable order. */
export async function claimBatch(db: Db, a: Holder & { runStarted: string; limit: number }): Promise<Claimed[]> {
  const next = db
    .select({ teamId: digestDeliveries.teamId, userId: digestDeliveries.userId, week: digestDeliveries.week })
    .from(digestDeliveries)
    .where(claimable(a.week, a.runStarted))
    .orderBy(digestDeliveries.teamId, digestDeliveries.userId)
    .limit(a.limit)
    .for('update', { skipLocked: true });
  const key = sql`(${digestDeliveries.teamId}, ${digestDeliveries.userId}, ${digestDeliveries.week})`;
  return db
    .update(digestDeliveries)
    .set({
      status: 'claimed',
      claimedBy: a.run,
      claimedAt: sql`now()`,
      attempts: sql`${digestDeliveries.attempts} + 1`,
    })
    .where(sql`${key} in ${next}`)
    .returning({
      teamId: digestDeliveries.teamId,
      enterpriseId: digestDeliveries.enterpriseId,
      userId: digestDeliveries.userId,
      content: digestDeliveries.content,
    });
}

/**
 * Takes back the rows of runs that died (their advisory lock is free): claimed ones go back to
 * pending; the ones that were mid-send become this run's and are returned, for Slack to be asked.
 */
export async function takeOrphans(db: Db, h: Holder): Promise<Uncertain[]> {
  return db.transaction(async (tx) => {
    const orphaned = (status: 'claimed' | 'sending'): SQL | undefined =>
      and(
        eq(digestDeliveries.week, h.week),
        ne(digestDeliveries.claimedBy, h.run),
        sql`pg_try_advisory_xact_lock(${digestDeliveries.claimedBy})`,
        eq(digestDeliveries.status, status),
      );
    await tx.update(digestDeliveries).set({ status: 'pending', claimedBy: null }).where(orphaned('claimed'));
    return tx.update(digestDeliveries).set({ claimedBy: h.run }).where(orphaned('sending')).returning({
      teamId: digestDeliveries.teamId,
      enterpriseId: digestDeliveries.enterpriseId,
      userId: digestDeliveries.userId,
      claimedAt: digestDeliveries.claimedAt,
    });
  });
}

/** Records how a held delivery ended (or goes back to pending), if the run still holds it. */
export async function settle(db: Db, row: { teamId: string; userId: string }, h: Holder, set: Settled) {
  await db.update(digestDeliveries).set(set).where(held(row, h));
}

/** claimed → sending, just before the DM goes out; false when the run lost the row meanwhile. */
export async function markSending(db: Db, row: { teamId: string; userId: string }, h: Holder): Promise<boolean> {
  const taken = await db
    .update(digestDeliveries)
    .set({ status: 'sending' })
    .where(and(held(row, h), eq(digestDeliveries.status, 'claimed')))
    .returning({ userId: digestDeliveries.userId });
  return taken.length > 0;
}

/** A batch's plans with their match positions turned back into ask ids (from the week's list). */
export async function plansOf(db: Db, rows: Claimed[], week: string): Promise<Map<string, DigestToSend>> {
  const lists = await db
    .select({ teamId: digestWeeks.teamId, askIds: digestWeeks.askIds })
    .from(digestWeeks)
    .where(and(eq(digestWeeks.week, week), inArray(digestWeeks.teamId, teamsOf(rows))));
  const byTeam = new Map(lists.map((l) => [l.teamId, l.askIds]));
  return new Map(
    rows.map((r) => {
      const plan = digestContent.parse(r.content);
      const ids = byTeam.get(r.teamId) ?? [];
      const matches = plan.matches.flatMap((pos) => (ids[pos] ? [{ askId: ids[pos]! }] : []));
      return [whose(r), { ...plan, matches }];
    }),
  );
}

/** The asks a batch of digests mention, as they are now. */
export async function asksOf(db: Db, rows: Claimed[], plans: DigestToSend[]): Promise<Map<string, DigestAsk>> {
  const ids = [...new Set(plans.flatMap((p) => [...p.matches, ...p.own].map((m) => m.askId)))];
  if (ids.length === 0) return new Map();
  const found = await db
    .select({
      id: asks.id,
      askerId: asks.askerId,
      anonymous: asks.anonymous,
      text: asks.text,
      permalink: asks.permalink,
      status: asks.status,
      isPrivate: asks.isPrivate,
      skills: asks.skills,
    })
    .from(asks)
    .where(and(inArray(asks.teamId, teamsOf(rows)), inArray(asks.id, ids)));
  return new Map(found.map((a) => [a.id, a]));
}

/** Each reader's skills then interests, by name. */
export async function readersOf(db: Db, rows: Claimed[]): Promise<Map<string, ReaderSkills>> {
  const found = await db
    .select({ teamId: personSkills.teamId, userId: personSkills.userId, name: personSkills.name })
    .from(personSkills)
    .where(
      and(
        inArray(personSkills.teamId, teamsOf(rows)),
        inArray(
          personSkills.userId,
          rows.map((r) => r.userId),
        ),
      ),
    )
    .orderBy(asc(personSkills.kind), asc(personSkills.norm));
  const readers = new Map<string, ReaderSkills>();
  for (const f of found) readers.set(whose(f), [...(readers.get(whose(f)) ?? []), f.name]);
  return readers;
}

/** People who left, opted out or became guests since the week was planned. */
export async function noLongerWanted(db: Db, rows: Claimed[]): Promise<Set<string>> {
  const found = await db
    .select({ teamId: people.teamId, userId: people.userId })
    .from(people)
    .where(
      and(
        inArray(people.teamId, teamsOf(rows)),
        inArray(
          people.userId,
          rows.map((r) => r.userId),
        ),
        or(people.deleted, people.digestOptOut, people.isBot, people.isGuest),
      ),
    );
  return new Set(found.map(whose));
}

/** Every workspace someone is known in, for reaching all their members. */
export function knownWorkspaces(db: Db): Promise<Array<{ teamId: string; enterpriseId: string | null }>> {
  return db.selectDistinct({ teamId: people.teamId, enterpriseId: people.enterpriseId }).from(people);
}

/** Each workspace's digests of the week by status, and how many asks its week lists. */
export async function weekCounts(db: Db, week: string) {
  const lists = await db
    .select({ teamId: digestWeeks.teamId, askIds: digestWeeks.askIds })
    .from(digestWeeks)
    .where(eq(digestWeeks.week, week));
  const statuses = await db
    .select({ teamId: digestDeliveries.teamId, status: digestDeliveries.status, n: count() })
    .from(digestDeliveries)
    .where(eq(digestDeliveries.week, week))
    .groupBy(digestDeliveries.teamId, digestDeliveries.status);
  return lists.map((l) => {
    const mine = statuses.filter((s) => s.teamId === l.teamId);
    const total = (rows: typeof mine) => rows.reduce((n, s) => n + s.n, 0);
    return {
      teamId: l.teamId,
      asks: l.askIds.length,
      people: total(mine),
      sent: total(mine.filter((s) => s.status === 'sent')),
    };
  });
}

/** The first digest of the week still to send, to show what one looks like. */
export async function firstToSend(db: Db, week: string): Promise<Claimed | undefined> {
  const [row] = await db
    .select({
      teamId: digestDeliveries.teamId,
      enterpriseId: digestDeliveries.enterpriseId,
      userId: digestDeliveries.userId,
      content: digestDeliveries.content,
    })
    .from(digestDeliveries)
    .where(and(eq(digestDeliveries.week, week), inArray(digestDeliveries.status, ['pending', 'retry'])))
    .orderBy(digestDeliveries.teamId, digestDeliveries.userId)
    .limit(1);
  return row;
}
