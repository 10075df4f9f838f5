import type { webApi } from '@slack/bolt';
import type { Db } from '../db/client.js';
import { forOneRun, type SlackClients } from '../installations/clients.js';
import type { Logger } from '../logger.js';
import { slackErrorCode } from '../slack/errors.js';
import type { Workspace } from '../slack/workspace.js';
import {
  claimOwed,
  type MessageArgs,
  markDelivered,
  type OutboxItem,
  releaseClaims,
  retryLater,
  supersede,
} from './outbox-queries.js';
import type { Presence } from './presence.js';
import { alreadySent, NOTICE_EVENT } from './sent.js';

const AT_ONCE = 20;
/** After this many cut-off or refused tries an item is given up on, and the reason kept. */
const MAX_ATTEMPTS = 6;
const SWEEP_MS = 15_000;
/** Slack's errors that say "not now" rather than "never": retried like a network failure. */
const TRANSIENT = new Set(['internal_error', 'fatal_error', 'service_unavailable', 'request_timeout', 'ratelimited']);

/** Delivers one item of a kind a feature owns (re-rendering an ask's message, say). */
export type Deliver = (client: webApi.WebClient, item: OutboxItem) => Promise<void>;

export interface Outbox {
  /**
   * A feature's delivery for its own kind of notice. `latest`: items of the kind render the latest
   * state, so those owed before one is delivered (same key prefix) are covered by it.
   */
  on(kind: string, deliver: Deliver, options?: { latest?: (item: OutboxItem) => string }): void;
  /**
   * Delivers the notices a request owed (the ids `owe` returned) right after its commit, through
   * its client. Only its own: another request's slow delivery never holds these up.
   */
  deliver(client: webApi.WebClient, ws: Workspace, owed: string[]): Promise<void>;
  /** Delivers what is owed anywhere, whoever owed it: at start, every few seconds, after a job. */
  sweep(clients?: SlackClients): Promise<number>;
  /** Stops sweeping, letting a sweep under way finish (for up to `ms`). */
  stop(ms: number): Promise<void>;
}

export function startOutbox(db: Db, presence: Presence, clients: SlackClients, log: Logger): Outbox {
  const kinds = new Map<string, Deliver>();
  kinds.set('message', async (client, item) => {
    const message = item.payload as MessageArgs;
    // Tried before (cut off mid-send, or Slack answered 500): it may be in Slack already, and
    // nobody is told twice.
    if (item.attempts > 1 && (await sentBefore(client, item.id, message))) return;
    await client.chat.postMessage({
      ...message,
      metadata: { event_type: NOTICE_EVENT, event_payload: { notice: item.id } },
    } as webApi.ChatPostMessageArguments);
  });

  /** Items this process claimed and could not write back (the database went): released later. */
  const stranded = new Set<string>();
  /** Sweeps under way, for stop() to let finish. */
  const running = new Set<Promise<number>>();

  /** Unknown (the lookup failed, even for good) is not "no": the notice is tried again later. */
  const sentBefore = (client: webApi.WebClient, id: string, message: MessageArgs) =>
    alreadySent(client, id, message).catch((err: unknown) => {
      throw new Error('could not tell whether a notice reached Slack', { cause: err });
    });

  async function deliverOne(client: webApi.WebClient, item: OutboxItem): Promise<void> {
    const context = { teamId: item.teamId, kind: item.kind, attempt: item.attempts };
    let outcome: () => Promise<void>;
    try {
      const deliver = kinds.get(item.kind);
      if (!deliver) throw new Error(`no delivery for notices of kind ${item.kind}`);
      await deliver(client, item);
      outcome = () => markDelivered(db, item);
    } catch (err) {
      const code = slackErrorCode(err);
      if ((code && !TRANSIENT.has(code)) || item.attempts >= MAX_ATTEMPTS) {
        // Slack said no for good (the person left, the channel is gone): retrying cannot help.
        log.warn({ err, ...context }, 'a notice could not be delivered; giving up on it');
        outcome = () => markDelivered(db, item, code ?? 'gave_up');
      } else {
        log.warn({ err, ...context }, 'a notice could not be delivered now; it will be tried again');
        outcome = () => retryLater(db, item, 30 * 2 ** item.attempts);
      }
    }
    await outcome().catch((err) => {
      // Delivered or not, it stays claimed by this live process: the next sweep lets it go.
      log.warn({ err, ...context }, 'could not record how a notice went; it will be looked at again');
      stranded.add(item.id);
    });
  }

  async function deliverAll(clientFor: (item: OutboxItem) => Promise<webApi.WebClient | undefined>, only?: string[]) {
    let delivered = 0;
    for (;;) {
      const items = await claimOwed(db, presence, AT_ONCE, only);
      for (const item of items) {
        const client = await clientFor(item).catch((err: unknown) => {
          // Not "not installed" (that resolves undefined): a failure to read the token, for now.
          log.warn({ err, teamId: item.teamId }, 'could not find a workspace’s token; notice kept for later');
          return null;
        });
        if (client) await deliverOne(client, item);
        else if (client === null) await retryLater(db, item, 30);
        // Not installed there any more: nobody left to tell.
        else await markDelivered(db, item, 'not_installed');
        delivered += 1;
      }
      if (items.length < AT_ONCE) return delivered;
    }
  }

  const outbox: Outbox = {
    on(kind, deliver, options) {
      const latest = options?.latest;
      kinds.set(
        kind,
        latest
          ? async (client, item) => {
              await supersede(db, latest(item), item.id);
              await deliver(client, item);
            }
          : deliver,
      );
    },
    async deliver(client, ws, owed) {
      if (owed.length === 0) return;
      // What is owed is in the database already: if this fails, a sweep delivers it.
      await deliverAll(async () => client, owed).catch((err) =>
        log.warn({ err, teamId: ws.teamId }, 'could not deliver owed notices now; a sweep will'),
      );
    },
    sweep(through = clients) {
      const sweeping = (async () => {
        if (stranded.size > 0) {
          await releaseClaims(db, presence, [...stranded]);
          stranded.clear();
        }
        // One token lookup per workspace for the whole sweep.
        const run = forOneRun(through);
        return deliverAll((item) => run.forWorkspace(item));
      })();
      const tracked = sweeping.catch(() => 0).finally(() => running.delete(tracked));
      running.add(tracked);
      return sweeping;
    },
    async stop(ms) {
      clearInterval(timer);
      // A sweep cut off mid-send would leave its items claimed until this process counts as gone.
      let timeout: NodeJS.Timeout | undefined;
      const late = new Promise<void>((resolve) => {
        timeout = setTimeout(resolve, ms);
      });
      await Promise.race([Promise.all(running), late]);
      clearTimeout(timeout);
    },
  };
  const timer = setInterval(() => {
    outbox.sweep().catch((err) => log.warn({ err }, 'could not deliver owed notices'));
  }, SWEEP_MS).unref();
  return outbox;
}
