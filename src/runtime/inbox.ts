import type { App, Context, ReceiverEvent } from '@slack/bolt';
import type { Db } from '../db/client.js';
import type { Logger } from '../logger.js';
import { TRY_AGAIN } from '../slack/errors.js';
import { admit, markDone, release, takeOrphans, withdraw } from './inbox-queries.js';
import type { Inflight } from './inflight.js';
import { observeAck } from './metrics.js';
import type { Presence } from './presence.js';
import { classifyRequest, type InboxItem } from './requests.js';

/** Slack waits 3 s for the ack: the row must be in well before, or the request is refused. */
const ADMIT_MS = 2_000;
/** How often a process looks for requests a dead process acknowledged and never finished. */
const SWEEP_MS = 15_000;
const ORPHANS_AT_ONCE = 20;

/** The inbox key of the request being worked on: work that must happen once per request keys on it. */
export function inboxKeyOf(context: Context): string | undefined {
  return typeof context.inboxKey === 'string' ? context.inboxKey : undefined;
}

export interface Inbox {
  /** Runs what dead processes left; resolves with how many requests it took over. */
  recover(): Promise<number>;
  stop(): void;
}

function timeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer from the database in ${ms} ms`)), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

/** The same request, its ack timed from now (its arrival) for /metrics. */
function timed(event: ReceiverEvent): ReceiverEvent {
  const arrived = performance.now();
  const body = event.body as { type?: string; command?: string };
  const type = body.command ? 'command' : (body.type ?? 'unknown');
  return {
    ...event,
    ack: async (response) => {
      await event.ack(response);
      observeAck(type, (performance.now() - arrived) / 1000);
    },
  };
}

/** The database could not take the request in time: tell Slack or the person so, and do nothing. */
async function refuse(item: InboxItem, event: ReceiverEvent): Promise<void> {
  const body = event.body as { response_url?: string; type?: string };
  switch (item.kind) {
    case 'event':
      // Unacknowledged: Slack sends it again (in a minute, in five).
      throw new Error('the inbox could not take an event; Slack will retry it');
    case 'command':
      return event.ack({ response_type: 'ephemeral', text: TRY_AGAIN });
    case 'view':
      if (body.type !== 'view_submission') return event.ack();
      return event.ack({ response_action: 'update', view: tryAgainView });
    default:
      await event.ack();
      if (body.response_url) {
        await fetch(body.response_url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ response_type: 'ephemeral', replace_original: false, text: TRY_AGAIN }),
        }).catch(() => {});
      }
  }
}

const tryAgainView = {
  type: 'modal' as const,
  title: { type: 'plain_text' as const, text: 'Who Can Help' },
  close: { type: 'plain_text' as const, text: 'Close' },
  blocks: [{ type: 'section', text: { type: 'mrkdwn', text: TRY_AGAIN } }],
};

/**
 * Every request that causes work goes through the inbox: recorded in the database before its
 * ack can leave the process, run from there at once, and marked done. Bolt acks events before any
 * middleware runs, so this sits in front of Bolt's own processEvent, which both receivers call.
 */
export function routeThroughInbox(app: App, db: Db, presence: Presence, inflight: Inflight, log: Logger): Inbox {
  const processEvent = app.processEvent.bind(app);

  async function run(item: InboxItem, event: ReceiverEvent): Promise<void> {
    try {
      await processEvent({ ...event, customProperties: { ...event.customProperties, inboxKey: item.key } });
    } catch (err) {
      // Not run (an event whose installation could not be read): Slack's retry or a sweep runs it.
      await release(db, presence, item.key).catch(() => {});
      throw err;
    }
    await markDone(db, item.key).catch((err) => log.warn({ err, kind: item.kind }, 'could not mark a request done'));
  }

  app.processEvent = (received) =>
    inflight.track(async () => {
      const event = timed(received);
      const item = classifyRequest(event.body);
      if (!item) return processEvent(event);
      let mine: boolean;
      const admitting = admit(db, presence, item, event.body);
      try {
        mine = await timeout(admitting, ADMIT_MS);
      } catch (err) {
        log.warn({ err, kind: item.kind, teamId: item.teamId }, 'could not record a request in the inbox');
        // Refused now, so a row the late insert still writes must not run later: an event's is left
        // for Slack's retry, anything else's (the person was told to try again) is withdrawn.
        void admitting
          .then((written) => (written ? withdraw(db, presence, item) : undefined))
          .catch((late) => log.warn({ err: late }, 'could not withdraw a request refused for being late'));
        return refuse(item, event);
      }
      if (!mine) {
        // Slack's retry of an event that is done, or that a live process is working on.
        log.debug({ kind: item.kind, retry: event.retryNum ?? 0 }, 'request already handled');
        return event.ack();
      }
      await run(item, event);
    });

  async function recover(): Promise<number> {
    let taken = 0;
    for (;;) {
      const orphans = await takeOrphans(db, presence, ORPHANS_AT_ONCE);
      for (const orphan of orphans) {
        const { payload, ...item } = orphan;
        log.info({ kind: item.kind }, 'running a request a stopped process left unfinished');
        // Acknowledged long ago: the ack is a no-op, and the work runs under the original key.
        const replay: ReceiverEvent = { body: payload as ReceiverEvent['body'], ack: async () => {} };
        await inflight.track(() => run(item, replay)).catch((err) => log.warn({ err }, 'a request taken over failed'));
      }
      taken += orphans.length;
      if (orphans.length < ORPHANS_AT_ONCE) return taken;
    }
  }

  const timer = setInterval(() => {
    recover().catch((err) => log.warn({ err }, 'could not look for unfinished requests'));
  }, SWEEP_MS).unref();
  return { recover, stop: () => clearInterval(timer) };
}
