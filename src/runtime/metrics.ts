import type { ServerResponse } from 'node:http';
import type { webApi } from '@slack/bolt';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/**
 * What operators of the bot's replicas watch, in Prometheus's text format at GET /metrics. Labels
 * carry method names and request types only: never a team, user or channel id, nor any text.
 */
export const registry = new Registry();
collectDefaultMetrics({ register: registry });

const PREFIX = 'who_can_help_';

const slackRequests = new Counter({
  name: `${PREFIX}slack_api_requests_total`,
  help:
    'Slack Web API requests by method and outcome (ok, error, rate_limited); ' +
    'a call retried after a 429 counts each try',
  labelNames: ['method', 'outcome'] as const,
  registers: [registry],
});

// A Web API method name, such as chat.postMessage: anything else (an upload URL with ids in it)
// is not labelled by name.
const METHOD = /^[a-zA-Z]+(\.[a-zA-Z]+)+$/;

type Fetch = NonNullable<webApi.WebClientOptions['fetch']>;

/**
 * The fetch every Web API client of ours uses (Bolt's per-request clients, the background jobs',
 * the installer's): it counts each request to the Web API by method and outcome. Other URLs
 * (response_url, which Bolt's respond() also fetches with it) pass through uncounted.
 */
export function countingFetch(slackApiUrl: string, inner: Fetch = globalThis.fetch as Fetch): Fetch {
  return async (url, init) => {
    const href = String(url);
    if (!href.startsWith(slackApiUrl)) return inner(url, init);
    const name = href.slice(slackApiUrl.length).split('?')[0]!;
    const method = METHOD.test(name) ? name : 'other';
    let res: Awaited<ReturnType<Fetch>>;
    try {
      res = await inner(url, init);
    } catch (err) {
      slackRequests.inc({ method, outcome: 'error' });
      throw err;
    }
    slackRequests.inc({ method, outcome: await outcomeOf(res) });
    return res;
  };
}

async function outcomeOf(res: Awaited<ReturnType<Fetch>>): Promise<'ok' | 'error' | 'rate_limited'> {
  if (res.status === 429) return 'rate_limited';
  if (res.status !== 200) return 'error';
  // Slack answers 200 with { ok: false } for errors; the client reads the original body.
  const body = (await (res as Response)
    .clone()
    .json()
    .catch(() => undefined)) as { ok?: boolean } | undefined;
  return body?.ok === false ? 'error' : 'ok';
}

const acks = new Histogram({
  name: `${PREFIX}slack_ack_seconds`,
  help: 'Seconds from a Slack request arriving to its acknowledgement, by request type (Slack waits 3 s)',
  labelNames: ['type'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5],
  registers: [registry],
});

/** Records one acknowledgement: type is the request's kind (event, command, action, view_submission, options…). */
export function observeAck(type: string, seconds: number): void {
  acks.observe({ type: /^[a-z_]{1,40}$/.test(type) ? type : 'other' }, seconds);
}

export interface QueueFigures {
  depth: number;
  oldestSeconds: number;
}
export interface Queues {
  inbox: QueueFigures;
  outbox: QueueFigures;
}

// Scrapes from every Prometheus (and every replica's) must not load the database: one read per
// few seconds, each bounded.
const QUEUE_CACHE_MS = 5_000;
const QUEUE_READ_TIMEOUT_MS = 1_000;
let readQueues: (() => Promise<Queues>) | undefined;
let cached: { at: number; figures: Promise<Queues | undefined> } | undefined;

function queueFigures(): Promise<Queues | undefined> {
  const read = readQueues;
  if (!read) return Promise.resolve(undefined);
  if (cached && Date.now() - cached.at < QUEUE_CACHE_MS) return cached.figures;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), QUEUE_READ_TIMEOUT_MS);
  });
  const figures = Promise.race([read(), timeout])
    .catch(() => undefined)
    .finally(() => clearTimeout(timer));
  cached = { at: Date.now(), figures };
  return figures;
}

const queueGauge = (name: string, help: string, pick: (q: QueueFigures) => number) =>
  new Gauge({
    name: `${PREFIX}${name}`,
    help,
    labelNames: ['queue'] as const,
    registers: [registry],
    async collect() {
      const figures = await queueFigures();
      // No figures (the database did not answer in time): no samples, rather than stale ones.
      this.reset();
      if (!figures) return;
      this.set({ queue: 'inbox' }, pick(figures.inbox));
      this.set({ queue: 'outbox' }, pick(figures.outbox));
    },
  });

queueGauge(
  'queue_depth',
  'Items pending in the inbox (Slack requests) and outbox (Slack calls to make)',
  (q) => q.depth,
);
queueGauge(
  'queue_oldest_age_seconds',
  'Age of the oldest pending item of each queue (0 when empty)',
  (q) => q.oldestSeconds,
);

/**
 * Reports the inbox and outbox on each scrape through `read` (cached for a few seconds, and
 * given a second to answer). A later call replaces the reader; the returned function removes it.
 */
export function registerQueueGauges(read: () => Promise<Queues>): () => void {
  readQueues = read;
  cached = undefined;
  return () => {
    if (readQueues === read) readQueues = undefined;
    cached = undefined;
  };
}

const digestGauge = (name: string, help: string) =>
  new Gauge({ name: `${PREFIX}digest_${name}`, help, registers: [registry] });
const digest = {
  planned: digestGauge('planned', 'Digests planned for the week by the latest digest run in this process'),
  toSend: digestGauge('to_send', 'Digests the latest run found still to send when it began'),
  sent: digestGauge('sent', 'Digests the latest run in this process has sent'),
  failed: digestGauge('failed', 'Digests the latest run in this process could not send'),
  rateLimited: digestGauge('rate_limited', "Digest DMs waiting out Slack's rate limit right now"),
  updated: digestGauge('progress_timestamp_seconds', 'When the latest digest run last reported progress (Unix time)'),
};

/** A digest run's figures so far (the shape of the digest's own progress reports). */
export interface DigestFigures {
  planned: number | null;
  toSend?: number;
  sent?: number;
  failed?: number;
  rateLimited?: number;
}

/** The digest run reports its progress here, as often as it likes (setting gauges costs nothing). */
export function digestProgress(p: DigestFigures): void {
  if (p.planned !== null) digest.planned.set(p.planned);
  digest.toSend.set(p.toSend ?? 0);
  digest.sent.set(p.sent ?? 0);
  digest.failed.set(p.failed ?? 0);
  digest.rateLimited.set(p.rateLimited ?? 0);
  digest.updated.set(Date.now() / 1000);
}

/** GET /metrics. */
export async function serveMetrics(res: ServerResponse): Promise<void> {
  try {
    const body = await registry.metrics();
    res.writeHead(200, { 'content-type': registry.contentType });
    res.end(body);
  } catch {
    res.writeHead(500, { 'content-type': 'text/plain' });
    res.end('metrics unavailable\n');
  }
}
