import type { webApi } from '@slack/bolt';
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import type { SlackClients } from '../installations/clients.js';
import type { Logger } from '../logger.js';
import { type Holder, settle, takeOrphans, type Uncertain } from './queries.js';

export const DIGEST_EVENT = 'who_can_help_digest';

/**
 * Takes back the rows of runs that died. Those that died mid-send may or may not have reached the
 * person, so Slack is asked; a digest is sent again only when Slack says it never arrived.
 * Returns how many were in doubt.
 */
export async function recover(db: Db, clients: SlackClients, h: Holder, log: Logger): Promise<number> {
  const uncertain = await takeOrphans(db, h);
  for (const row of uncertain) await settleUncertain(db, clients, h, row, log);
  return uncertain.length;
}

async function settleUncertain(db: Db, clients: SlackClients, h: Holder, row: Uncertain, log: Logger) {
  const ws = { teamId: row.teamId, enterpriseId: row.enterpriseId };
  const client = await clients.forWorkspace(ws).catch((err: unknown) => {
    log.warn({ err, teamId: row.teamId }, 'no token to check whether an interrupted digest arrived');
    return null;
  });
  if (client === null) return;
  // Not installed there any more: it can be neither checked nor sent.
  if (!client) return settle(db, row, h, { status: 'failed', error: 'app not installed' });
  const done = await arrived(client, row.userId, h.week, row.claimedAt ?? new Date(0)).catch((err) => {
    log.warn({ err, teamId: row.teamId, userId: row.userId }, 'could not check whether an interrupted digest arrived');
    return undefined;
  });
  // Unknown: leave it for a later run rather than risk sending it twice.
  if (done === undefined) return;
  log.warn(
    { teamId: row.teamId, userId: row.userId, week: h.week, arrived: done },
    'recovered a digest interrupted mid-send',
  );
  await settle(db, row, h, done ? { status: 'sent', sentAt: sql`now()` } : { status: 'pending', claimedBy: null });
}

/** Did a digest for this week reach the person's DM after `since`? */
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
