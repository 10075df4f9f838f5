import type { webApi } from '@slack/bolt';
import { and, eq, isNull } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { asks } from '../db/schema/index.js';
import type { Deps } from '../deps.js';
import type { Deliver } from '../runtime/outbox.js';
import { type Notice, owe } from '../runtime/outbox-queries.js';
import { alreadySent, NOTICE_EVENT } from '../runtime/sent.js';
import type { Workspace } from '../slack/workspace.js';
import { revealBlocks } from './anonymous.js';
import { askerDmMessage, volunteerReplyText } from './asker-dm-blocks.js';
import { namesOf } from './claim-queries.js';
import { FORMER_COLLEAGUE } from './former.js';
import { type Ask, findAsk, listVolunteers } from './queries.js';

/** Every living-DM render owed for one ask starts so: the one delivered last shows the latest state. */
export const askerDmPrefix = (askId: string) => `asker_dm:${askId}:`;

/** Owed when the ask is posted: once, however often the request is run. */
export const askerDmPosted = (ask: Pick<Ask, 'id'>): Notice => ({
  kind: 'asker_dm',
  key: `${askerDmPrefix(ask.id)}posted`,
  payload: { askId: ask.id },
});

/**
 * The short reply under the living DM about one volunteer: owed once per ask and person, ever, so
 * someone toggling their reaction is news to the asker only the first time.
 */
export const askerDmReply = (ask: Pick<Ask, 'id' | 'askerId'>, userId: string): Notice[] =>
  ask.askerId === FORMER_COLLEAGUE
    ? []
    : [{ kind: 'asker_dm_reply', key: `volunteer_dm:${ask.id}:${userId}`, payload: { askId: ask.id, userId } }];

/** Creates the asker's living DM as the ask goes out (a crash before this: the first change creates it). */
export async function startAskerDm(deps: Deps, client: webApi.WebClient, ask: Ask): Promise<void> {
  if (ask.askerId === FORMER_COLLEAGUE) return;
  // The ask is out: a failure here must not read as the ask failing (the first volunteer makes the DM).
  const owed = await owe(deps.db, ask, [askerDmPosted(ask)]).catch((err: unknown) => {
    deps.log.warn({ err, teamId: ask.teamId, askId: ask.id }, 'could not owe the asker their DM');
    return [];
  });
  await deps.outbox.deliver(client, ask, owed);
}

/** Records where the living DM is, unless another delivery got there first: then theirs is the one. */
async function placeAskerDm(db: Db, ask: Ask, channel: string, ts: string): Promise<boolean> {
  const rows = await db
    .update(asks)
    .set({ askerDmChannel: channel, askerDmTs: ts })
    .where(and(eq(asks.teamId, ask.teamId), eq(asks.id, ask.id), isNull(asks.askerDmTs)))
    .returning({ id: asks.id });
  return rows.length > 0;
}

const ASKER_DM_EVENT = 'who_can_help_asker_dm';

/** The living DM, if an earlier try posted it before its process died (looked for on retries only). */
async function postedBefore(client: webApi.WebClient, ask: Ask): Promise<{ channel: string; ts: string } | undefined> {
  const opened = await client.conversations.open({ users: ask.askerId });
  const channel = opened.channel?.id;
  if (!channel) return undefined;
  const recent = await client.conversations.history({ channel, include_all_metadata: true, limit: 100 });
  const found = (recent.messages ?? []).find((m) => {
    const metadata = (m as { metadata?: { event_type?: string; event_payload?: { ask?: string } } }).metadata;
    return metadata?.event_type === ASKER_DM_EVENT && metadata.event_payload?.ask === ask.id;
  });
  return found?.ts ? { channel, ts: found.ts } : undefined;
}

const running = new Map<string, Promise<{ channel: string; ts: string } | undefined>>();
const again = new Set<string>();

/**
 * Brings the asker's living DM up to date, posting it first if the ask is open and has none yet.
 * Calls for one ask collapse into one more run after the current one, so the last render Slack
 * sees reflects the latest state. Resolves with where the DM is (none for a closed ask without one).
 */
export function refreshAskerDm(deps: Deps, client: webApi.WebClient, ask: Pick<Ask, 'teamId' | 'id'>, retry = false) {
  const current = running.get(ask.id);
  if (current) {
    again.add(ask.id);
    return current;
  }
  const run = (async () => {
    let shown: string | undefined;
    let where: { channel: string; ts: string } | undefined;
    do {
      again.delete(ask.id);
      const fresh = await findAsk(deps.db, ask as Workspace, ask.id);
      if (!fresh || fresh.askerId === FORMER_COLLEAGUE) return undefined;
      const message = askerDmMessage(fresh, await namesOf(deps.db, fresh, await listVolunteers(deps.db, fresh)));
      where = fresh.askerDmTs ? { channel: fresh.askerDmChannel!, ts: fresh.askerDmTs } : undefined;
      if (JSON.stringify(message) === shown) continue;
      if (where) await client.chat.update({ ...where, ...message });
      else if (fresh.status !== 'open') return undefined;
      else {
        where = retry ? await postedBefore(client, fresh) : undefined;
        if (where) await client.chat.update({ ...where, ...message });
        else {
          const metadata = { event_type: ASKER_DM_EVENT, event_payload: { ask: fresh.id } };
          const sent = await client.chat.postMessage({ channel: fresh.askerId, ...message, metadata });
          where = { channel: sent.channel ?? fresh.askerId, ts: sent.ts! };
        }
        if (!(await placeAskerDm(deps.db, fresh, where.channel, where.ts))) {
          // Another replica posted its own at the same moment: keep one.
          await client.chat.delete(where).catch(() => {});
        }
      }
      shown = JSON.stringify(message);
      again.add(ask.id);
    } while (again.has(ask.id));
    return where;
  })().finally(() => running.delete(ask.id));
  running.set(ask.id, run);
  return run;
}

/** The outbox's delivery of a living-DM render. */
export const deliverAskerDm =
  (deps: Deps): Deliver =>
  async (client, item) => {
    await refreshAskerDm(deps, client, { teamId: item.teamId, id: (item.payload as { askId: string }).askId });
  };

/** The outbox's delivery of a volunteer's reply under the living DM (the DM is made first if need be). */
export const deliverAskerDmReply =
  (deps: Deps): Deliver =>
  async (client, item) => {
    const { askId, userId } = item.payload as { askId: string; userId: string };
    const before = await findAsk(deps.db, item, askId);
    const known = before?.askerDmTs ? { channel: before.askerDmChannel!, ts: before.askerDmTs } : undefined;
    // The DM failing to update must not hold up the news: with the DM already there, the reply goes anyway
    // (the ask's own refresh brings the DM up to date later).
    const where = await refreshAskerDm(deps, client, { teamId: item.teamId, id: askId }, item.attempts > 1).catch(
      (err: unknown) => {
        if (!known) throw err;
        deps.log.warn({ err, teamId: item.teamId, askId }, "could not update the asker's DM; replying under it");
        return known;
      },
    );
    const ask = await findAsk(deps.db, item, askId);
    if (!where || !ask) return;
    const [person] = await namesOf(deps.db, ask, [userId]);
    // An anonymous asker may choose to show themselves to this volunteer, and only to them.
    const blocks = ask.anonymous ? revealBlocks(ask, userId, person?.name ?? userId) : undefined;
    const text = volunteerReplyText(userId);
    const message = { channel: where.channel, thread_ts: where.ts, text };
    if (item.attempts > 1 && (await alreadySent(client, item.id, message))) return;
    await client.chat.postMessage({
      ...message,
      ...(blocks ? { blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }, ...blocks] } : {}),
      unfurl_links: false,
      metadata: { event_type: NOTICE_EVENT, event_payload: { notice: item.id } },
    } as webApi.ChatPostMessageArguments);
  };
