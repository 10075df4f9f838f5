import type { webApi } from '@slack/bolt';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { type Db, rowsOf } from '../db/client.js';
import { asks, digestDeliveries, digestWeeks, people, personSkills } from '../db/schema/index.js';
import { forOneRun, type SlackClients } from '../installations/clients.js';
import type { Logger } from '../logger.js';
import { slackErrorCode } from '../slack/errors.js';
import { digestMessage } from './blocks.js';
import { type DigestAsk, type DigestToSend, digestContent, type ReaderSkills } from './content.js';

export const DIGEST_EVENT = 'who_can_help_digest';
const BATCH = 20;
/** Errors that mean the token itself is dead: stop the run, every DM would fail the same way. */
const FATAL = new Set([
  'invalid_auth',
  'not_authed',
  'token_revoked',
  'token_expired',
  'account_inactive_token',
  'missing_scope',
  'team_access_not_granted',
]);
/** Platform errors that say "try later", not "never". */
const TRANSIENT = new Set(['ratelimited', 'internal_error', 'fatal_error', 'service_unavailable', 'request_timeout']);

export interface DeliveryReport {
  sent: number;
  failed: number;
  retry: number;
  recovered: number;
}

interface Row {
  team_id: string;
  enterprise_id: string | null;
  user_id: string;
  content: unknown;
}

const workspace = (r: { team_id: string; enterprise_id: string | null }) => ({
  teamId: r.team_id,
  enterpriseId: r.enterprise_id,
});

const key = (r: { team_id: string; user_id: string }, week: string) =>
  and(eq(digestDeliveries.teamId, r.team_id), eq(digestDeliveries.userId, r.user_id), eq(digestDeliveries.week, week));

/** Did a digest for this week reach the person's DM after `since`? Asked only for runs that died mid-send. */
async function arrived(client: webApi.WebClient, userId: string, week: string, since: Date): Promise<boolean> {
  const opened = await client.conversations.open({ users: userId });
  const history = await client.conversations.history({
    channel: opened.channel!.id!,
    oldest: String(Math.floor(since.getTime() / 1000) - 5),
    limit: 50,
    include_all_metadata: true,
  });
  return (history.messages ?? []).some(
    (m) =>
      m.metadata?.event_type === DIGEST_EVENT &&
      (m.metadata.event_payload as { week?: string } | undefined)?.week === week,
  );
}

/**
 * Takes back rows of runs that died (their advisory lock is free): claimed ones go back to
 * pending; for ones that were mid-send, Slack is asked whether the DM arrived.
 */
async function recover(db: Db, clients: SlackClients, week: string, run: bigint, log: Logger): Promise<number> {
  const uncertain = await db.transaction(async (tx) => {
    const orphaned = sql`${digestDeliveries.week} = ${week} and ${digestDeliveries.claimedBy} <> ${run}
      and pg_try_advisory_xact_lock(${digestDeliveries.claimedBy})`;
    await tx
      .update(digestDeliveries)
      .set({ status: 'pending', claimedBy: null })
      .where(sql`${orphaned} and ${digestDeliveries.status} = 'claimed'`);
    return rowsOf<{ team_id: string; enterprise_id: string | null; user_id: string; claimed_at: string }>(
      tx,
      sql`update digest_deliveries set claimed_by = ${run}
          where ${orphaned} and status = 'sending'
          returning team_id, enterprise_id, user_id, claimed_at`,
    );
  });
  for (const row of uncertain) {
    const client = await clients.forWorkspace(workspace(row)).catch((err: unknown) => {
      log.warn({ err, teamId: row.team_id }, 'no token to check whether an interrupted digest arrived');
      return null;
    });
    if (client === null) continue;
    if (!client) {
      // Not installed there any more: it can be neither checked nor sent.
      await db
        .update(digestDeliveries)
        .set({ status: 'failed', error: 'app not installed' })
        .where(and(key(row, week), eq(digestDeliveries.claimedBy, run)));
      continue;
    }
    const done = await arrived(client, row.user_id, week, new Date(row.claimed_at)).catch((err) => {
      log.warn(
        { err, teamId: row.team_id, userId: row.user_id },
        'could not check whether an interrupted digest arrived',
      );
      return undefined;
    });
    // Unknown: leave it for a later run rather than risk sending it twice.
    if (done === undefined) continue;
    log.warn(
      { teamId: row.team_id, userId: row.user_id, week, arrived: done },
      'recovered a digest interrupted mid-send',
    );
    await db
      .update(digestDeliveries)
      .set(done ? { status: 'sent', sentAt: sql`now()` } : { status: 'pending', claimedBy: null })
      .where(and(key(row, week), eq(digestDeliveries.claimedBy, run)));
  }
  return uncertain.length;
}

async function claim(db: Db, week: string, run: bigint, runStarted: string): Promise<Row[]> {
  return rowsOf<Row>(
    db,
    sql`update digest_deliveries d set status = 'claimed', claimed_by = ${run}, claimed_at = now(), attempts = d.attempts + 1
        where (d.team_id, d.user_id, d.week) in (
          select team_id, user_id, week from digest_deliveries
          where week = ${week} and (status = 'pending' or (status = 'retry' and claimed_at < ${runStarted}::timestamptz))
          order by team_id, user_id
          limit ${BATCH}
          for update skip locked)
        returning d.team_id, d.enterprise_id, d.user_id, d.content`,
  );
}

const whose = (r: { team_id: string; user_id: string }) => `${r.team_id}/${r.user_id}`;
const teamsOf = (rows: Row[]) => [...new Set(rows.map((r) => r.team_id))];

/** A batch's plans with their match positions turned back into ask ids (from the week's list). */
async function plansOf(db: Db, rows: Row[], week: string): Promise<Map<string, DigestToSend>> {
  const lists = await db
    .select({ teamId: digestWeeks.teamId, askIds: digestWeeks.askIds })
    .from(digestWeeks)
    .where(and(eq(digestWeeks.week, week), inArray(digestWeeks.teamId, teamsOf(rows))));
  const byTeam = new Map(lists.map((l) => [l.teamId, l.askIds]));
  return new Map(
    rows.map((r) => {
      const plan = digestContent.parse(r.content);
      const ids = byTeam.get(r.team_id) ?? [];
      const matches = plan.matches.flatMap((pos) => (ids[pos] ? [{ askId: ids[pos]! }] : []));
      return [whose(r), { ...plan, matches }];
    }),
  );
}

/** The asks a batch of digests mention, as they are now. */
async function asksOf(db: Db, rows: Row[], plans: DigestToSend[]): Promise<Map<string, DigestAsk>> {
  const ids = [...new Set(plans.flatMap((p) => [...p.matches, ...p.own].map((m) => m.askId)))];
  if (ids.length === 0) return new Map();
  const found = await db
    .select({
      id: asks.id,
      askerId: asks.askerId,
      text: asks.text,
      permalink: asks.permalink,
      status: asks.status,
      skills: asks.skills,
    })
    .from(asks)
    .where(and(inArray(asks.teamId, teamsOf(rows)), inArray(asks.id, ids)));
  return new Map(found.map((a) => [a.id, a]));
}

/** Each reader's skills then interests, by name. */
async function readersOf(db: Db, rows: Row[]): Promise<Map<string, ReaderSkills>> {
  const found = await db
    .select({ teamId: personSkills.teamId, userId: personSkills.userId, name: personSkills.name })
    .from(personSkills)
    .where(
      and(
        inArray(personSkills.teamId, teamsOf(rows)),
        inArray(
          personSkills.userId,
          rows.map((r) => r.user_id),
        ),
      ),
    )
    .orderBy(asc(personSkills.kind), asc(personSkills.norm));
  const readers = new Map<string, ReaderSkills>();
  for (const f of found) {
    const who = whose({ team_id: f.teamId, user_id: f.userId });
    readers.set(who, [...(readers.get(who) ?? []), f.name]);
  }
  return readers;
}

/** People who left or opted out since the week was planned. */
async function noLongerWanted(db: Db, rows: Row[]): Promise<Set<string>> {
  const found = await db
    .select({ teamId: people.teamId, userId: people.userId })
    .from(people)
    .where(
      and(
        inArray(people.teamId, teamsOf(rows)),
        inArray(
          people.userId,
          rows.map((r) => r.user_id),
        ),
        sql`(${people.deleted} or ${people.digestOptOut} or ${people.isBot})`,
      ),
    );
  return new Set(found.map((p) => whose({ team_id: p.teamId, user_id: p.userId })));
}

type Outcome = 'sent' | 'failed' | 'retry';

/**
 * Sends one claimed digest. Every write is conditional on the row still being this run's, so a
 * run that lost its lock (and its rows) never sends a row another run took. When it is unclear
 * whether Slack took the DM (no answer, a database error after), the row stays `sending`: the
 * next run asks Slack rather than send it again.
 */
async function sendOne(
  db: Db,
  clients: SlackClients,
  ctx: { week: string; run: bigint; log: Logger },
  row: Row,
  message: ReturnType<typeof digestMessage> | { skip: string },
): Promise<Outcome | 'lost'> {
  const mine = and(key(row, ctx.week), eq(digestDeliveries.claimedBy, ctx.run));
  const settle = async (set: Partial<typeof digestDeliveries.$inferInsert>) =>
    db.update(digestDeliveries).set(set).where(mine);
  if (!message || 'skip' in message) {
    await settle({ status: 'failed', error: message ? message.skip : 'nothing left to show' });
    return 'failed';
  }
  const client = await clients.forWorkspace(workspace(row)).catch((err: unknown) => {
    // This workspace's token cannot be had now (Slack refusing a refresh, say): the others go on.
    ctx.log.warn(
      { err, teamId: row.team_id, week: ctx.week },
      'no token for a workspace; its digests wait for the next run',
    );
    return null;
  });
  if (!client) {
    await settle(
      client === null ? { status: 'retry', error: 'no token' } : { status: 'failed', error: 'app not installed' },
    );
    return client === null ? 'retry' : 'failed';
  }
  const taken = await db
    .update(digestDeliveries)
    .set({ status: 'sending' })
    .where(and(mine, eq(digestDeliveries.status, 'claimed')))
    .returning({ userId: digestDeliveries.userId });
  if (taken.length === 0) return 'lost';
  let posted: webApi.ChatPostMessageResponse;
  try {
    posted = await client.chat.postMessage({
      channel: row.user_id,
      ...message,
      unfurl_links: false,
      metadata: { event_type: DIGEST_EVENT, event_payload: { week: ctx.week } },
    });
  } catch (err) {
    const code = slackErrorCode(err);
    ctx.log.warn({ err, teamId: row.team_id, userId: row.user_id, week: ctx.week, code }, 'digest DM failed');
    if (code === undefined) return 'retry';
    const permanent = !TRANSIENT.has(code);
    await settle({ status: permanent ? 'failed' : 'retry', error: code });
    // One bot token for all: every other DM would fail the same way. Many: only this workspace's would.
    if (FATAL.has(code) && clients.single) throw err;
    return permanent ? 'failed' : 'retry';
  }
  await settle({
    status: 'sent',
    sentAt: new Date(),
    channelId: posted.channel ?? null,
    messageTs: posted.ts ?? null,
    error: null,
  });
  return 'sent';
}

/** Sends every planned digest of the week that is not yet sent, one DM at a time, at Slack's pace. */
export async function deliverDigest(
  db: Db,
  allClients: SlackClients,
  week: string,
  run: bigint,
  log: Logger,
): Promise<DeliveryReport> {
  const clients = forOneRun(allClients);
  const report: DeliveryReport = {
    sent: 0,
    failed: 0,
    retry: 0,
    recovered: await recover(db, clients, week, run, log),
  };
  // The database's clock, as claimed_at is: rows put back to retry before this run started are its to retry.
  const [{ now: runStarted }] = (await rowsOf<{ now: string }>(db, sql`select now()::text as now`)) as [
    { now: string },
  ];
  for (
    let rows = await claim(db, week, run, runStarted);
    rows.length > 0;
    rows = await claim(db, week, run, runStarted)
  ) {
    const skip = await noLongerWanted(db, rows);
    const plans = await plansOf(db, rows, week);
    const current = await asksOf(db, rows, [...plans.values()]);
    const readers = await readersOf(db, rows);
    for (const row of rows) {
      const message = skip.has(whose(row))
        ? { skip: 'left or opted out' }
        : digestMessage(plans.get(whose(row))!, current, readers.get(whose(row)));
      const outcome = await sendOne(db, clients, { week, run, log }, row, message);
      if (outcome !== 'lost') report[outcome] += 1;
    }
  }
  return report;
}
