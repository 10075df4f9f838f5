import { webApi } from '@slack/bolt';
import type { Db } from '../db/client.js';
import { forOneRun, type SlackClients } from '../installations/clients.js';
import type { Logger } from '../logger.js';
import { slackErrorCode } from '../slack/errors.js';
import { digestMessage } from './blocks.js';
import type { DeliveryProgress } from './progress.js';
import {
  asksOf,
  type Claimed,
  claimBatch,
  countToSend,
  databaseNow,
  type Holder,
  markSending,
  noLongerWanted,
  plansOf,
  readersOf,
  settle,
  whose,
} from './queries.js';
import { DIGEST_EVENT, recover } from './recovery.js';

export { DIGEST_EVENT };

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

export interface DeliveryOptions extends Holder {
  log: Logger;
  /** Told each time a figure changes. */
  onProgress?: (progress: DeliveryProgress) => void;
}

type Message = NonNullable<ReturnType<typeof digestMessage>>;
/** A digest ready to send, or why it is not sent (null: nothing left to show). */
export type Built = Message | { skip: string } | null;
type Outcome = 'sent' | 'failed' | 'retry';
/** What one run has done so far; `rateLimited` counts DMs waiting out a 429 now. */
type Tally = DeliveryProgress & { changed(): void };

/**
 * Sends every planned digest of the week that is not yet sent, one DM at a time, at Slack's pace:
 * first what runs that died left behind, then claim a batch, build it, send it, mark it; repeat.
 */
export async function deliverDigest(db: Db, allClients: SlackClients, o: DeliveryOptions): Promise<DeliveryReport> {
  const clients = forOneRun(allClients);
  const recovered = await recover(db, clients, o, o.log);
  // The database's clock, as claimed_at is: rows put back to retry before this run started are its to retry.
  const runStarted = await databaseNow(db);
  const tally = await startTally(db, o, runStarted);
  const next = () => claimBatch(db, { ...o, runStarted, limit: BATCH });
  for (let rows = await next(); rows.length > 0; rows = await next()) {
    const messages = await buildMessages(db, rows, o.week);
    for (const row of rows) {
      const outcome = await sendOne(db, clients, o, tally, row, messages.get(whose(row)) ?? null);
      if (outcome !== 'lost') tally[outcome] += 1;
      tally.changed();
    }
  }
  return { sent: tally.sent, failed: tally.failed, retry: tally.retry, recovered };
}

async function startTally(db: Db, o: DeliveryOptions, runStarted: string): Promise<Tally> {
  const toSend = o.onProgress ? await countToSend(db, o.week, runStarted) : 0;
  const tally: Tally = {
    toSend,
    sent: 0,
    failed: 0,
    retry: 0,
    rateLimited: 0,
    since: Date.now(),
    changed: () => o.onProgress?.({ ...tally }),
  };
  tally.changed();
  return tally;
}

/** Each claimed digest's message as of now (asks closed since planning drop out). */
export async function buildMessages(db: Db, rows: Claimed[], week: string): Promise<Map<string, Built>> {
  const skip = await noLongerWanted(db, rows);
  const plans = await plansOf(db, rows, week);
  const current = await asksOf(db, rows, [...plans.values()]);
  const readers = await readersOf(db, rows);
  return new Map(
    rows.map((row) => {
      const who = whose(row);
      const built = skip.has(who)
        ? { skip: 'left or opted out' }
        : digestMessage(plans.get(who)!, current, readers.get(who));
      return [who, built];
    }),
  );
}

/**
 * Sends one claimed digest. Every write is conditional on the row still being this run's, so a
 * run that lost its lock (and its rows) never sends a row another run took. When it is unclear
 * whether Slack took the DM (no answer, a database error after), the row stays `sending`: the
 * next run asks Slack rather than send it again.
 */
async function sendOne(
  db: Db,
  clients: SlackClients,
  o: DeliveryOptions,
  tally: Tally,
  row: Claimed,
  message: Built,
): Promise<Outcome | 'lost'> {
  if (!message || 'skip' in message) {
    await settle(db, row, o, { status: 'failed', error: message ? message.skip : 'nothing left to show' });
    return 'failed';
  }
  const client = await clientFor(clients, row, o);
  if (!client) {
    const outcome = client === null ? 'retry' : 'failed';
    await settle(db, row, o, { status: outcome, error: client === null ? 'no token' : 'app not installed' });
    return outcome;
  }
  if (!(await markSending(db, row, o))) return 'lost';
  let posted: webApi.ChatPostMessageResponse;
  try {
    posted = await post(client, row, o.week, message, tally);
  } catch (err) {
    return failed(db, clients, o, row, err);
  }
  const sent = { channelId: posted.channel ?? null, messageTs: posted.ts ?? null };
  await settle(db, row, o, { status: 'sent', sentAt: new Date(), ...sent, error: null });
  return 'sent';
}

/** The workspace's client; null when its token cannot be had now, undefined when not installed. */
function clientFor(clients: SlackClients, row: Claimed, o: DeliveryOptions) {
  return clients.forWorkspace({ teamId: row.teamId, enterpriseId: row.enterpriseId }).catch((err: unknown) => {
    // This workspace's token cannot be had now (Slack refusing a refresh, say): the others go on.
    o.log.warn(
      { err, teamId: row.teamId, week: o.week },
      'no token for a workspace; its digests wait for the next run',
    );
    return null;
  });
}

/** The DM itself; while the client waits out a 429 on it, the tally counts it as rate limited. */
async function post(client: webApi.WebClient, row: Claimed, week: string, message: Message, tally: Tally) {
  let waiting = false;
  const onLimited = (_seconds: number, request: { url?: string; body?: { channel?: unknown } }) => {
    if (waiting || !request.url?.endsWith('chat.postMessage') || request.body?.channel !== row.userId) return;
    waiting = true;
    tally.rateLimited += 1;
    tally.changed();
  };
  client.on(webApi.WebClientEvent.RATE_LIMITED, onLimited);
  try {
    return await client.chat.postMessage({
      channel: row.userId,
      ...message,
      unfurl_links: false,
      metadata: { event_type: DIGEST_EVENT, event_payload: { week } },
    });
  } finally {
    client.off(webApi.WebClientEvent.RATE_LIMITED, onLimited);
    if (waiting) tally.rateLimited -= 1;
  }
}

/** Records why Slack refused a DM; rethrows when the token is dead and it is the only one. */
async function failed(db: Db, clients: SlackClients, o: DeliveryOptions, row: Claimed, err: unknown): Promise<Outcome> {
  const code = slackErrorCode(err);
  o.log.warn({ err, teamId: row.teamId, userId: row.userId, week: o.week, code }, 'digest DM failed');
  // No answer: Slack may have the DM. The row stays `sending` for the next run to check.
  if (code === undefined) return 'retry';
  const permanent = !TRANSIENT.has(code);
  await settle(db, row, o, { status: permanent ? 'failed' : 'retry', error: code });
  // One bot token for all: every other DM would fail the same way. Many: only this workspace's would.
  if (FATAL.has(code) && clients.single) throw err;
  return permanent ? 'failed' : 'retry';
}
