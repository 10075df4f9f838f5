import { createHmac, randomUUID } from 'node:crypto';
import { Agent, request } from 'node:http';
import autocannon from 'autocannon';
import { percentile } from './stats.js';

export interface Load {
  rate: number;
  seconds: number;
  connections: number;
}

export interface Fired {
  /** Response times of every answered request, ms. */
  latencies: number[];
  non200: number;
  /** Connection errors and timeouts (10 s): never answered. */
  errors: number;
}

/**
 * POSTs signed requests to the app's /slack/events at the given rate with autocannon, a fresh body
 * (and signature) for each. autocannon paces each connection per second, so the requests come
 * from `connections` clients at once at the start of each second, as a burst.
 */
export function fire(
  appUrl: string,
  signingSecret: string,
  load: Load,
  body: (i: number) => { body: string; contentType: string },
): Promise<Fired> {
  let i = 0;
  const latencies: number[] = [];
  let non200 = 0;
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: appUrl,
        connections: load.connections,
        overallRate: load.rate,
        duration: load.seconds,
        timeout: 10,
        requests: [
          {
            method: 'POST',
            path: '/slack/events',
            setupRequest: (req) => {
              const next = body(i++);
              const timestamp = Math.floor(Date.now() / 1000);
              const mac = createHmac('sha256', signingSecret).update(`v0:${timestamp}:${next.body}`).digest('hex');
              const signature = `v0=${mac}`;
              const headers = {
                ...req.headers,
                'content-type': next.contentType,
                'x-slack-request-timestamp': String(timestamp),
                'x-slack-signature': signature,
              };
              return { ...req, body: next.body, headers };
            },
          },
        ],
      },
      (err, result) => (err ? reject(err) : resolve({ latencies, non200, errors: result.errors })),
    );
    instance.on('response', (_client, status, _bytes, time) => {
      latencies.push(time);
      if (status !== 200) non200 += 1;
    });
  });
}

/** A request of a mix: its body, and what it is (to tell latencies apart by kind). */
export interface MixRequest {
  kind: string;
  body: string;
  contentType: string;
}

/** What firePaced hands back: every answered request's latency, with its kind. */
export interface PacedFired extends Fired {
  byKind: Map<string, number[]>;
  /** By kind, when (Date.now()) the answer to the last one sent of that kind arrived. */
  lastAnswered: Map<string, number>;
}

/** A seeded generator of uniform numbers in [0, 1) (mulberry32): the same seed, the same run. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * POSTs signed requests to the app's /slack/events as a workspace sends them: one at a time at
 * random moments (a Poisson process of the given rate, from `seed`, so every app gets the same
 * moments and the same requests), over at most `connections` kept-alive connections. Unlike
 * autocannon's bursts, a request leaves at its moment whether or not earlier ones were answered
 * (waiting for a free connection counts in its latency), so a slow answer cannot hide others.
 */
export async function firePaced(
  appUrl: string,
  signingSecret: string,
  load: Load,
  seed: number,
  next: (i: number) => MixRequest,
): Promise<PacedFired> {
  const agent = new Agent({ keepAlive: true, maxSockets: load.connections });
  const random = seeded(seed);
  const url = new URL('/slack/events', appUrl);
  const fired: PacedFired = { latencies: [], non200: 0, errors: 0, byKind: new Map(), lastAnswered: new Map() };
  const lastSent = new Map<string, number>();
  const answered: Array<Promise<void>> = [];
  const send = (req: MixRequest, i: number) =>
    new Promise<void>((resolve) => {
      const timestamp = Math.floor(Date.now() / 1000);
      const mac = createHmac('sha256', signingSecret).update(`v0:${timestamp}:${req.body}`).digest('hex');
      const sent = performance.now();
      let over = false;
      const finish = (record: () => void) => {
        if (over) return;
        over = true;
        record();
        resolve();
      };
      const fail = () => finish(() => (fired.errors += 1));
      const r = request(
        url,
        {
          method: 'POST',
          agent,
          timeout: 10_000,
          headers: {
            'content-type': req.contentType,
            'content-length': Buffer.byteLength(req.body),
            'x-slack-request-timestamp': String(timestamp),
            'x-slack-signature': `v0=${mac}`,
          },
        },
        (res) => {
          res.resume();
          res.once('error', fail);
          res.once('end', () =>
            finish(() => {
              const ms = performance.now() - sent;
              fired.latencies.push(ms);
              if (!fired.byKind.has(req.kind)) fired.byKind.set(req.kind, []);
              fired.byKind.get(req.kind)!.push(ms);
              if (res.statusCode !== 200) fired.non200 += 1;
              if (lastSent.get(req.kind) === i) fired.lastAnswered.set(req.kind, Date.now());
            }),
          );
        },
      );
      r.once('timeout', () => r.destroy(new Error('timed out')));
      r.once('error', fail);
      r.end(req.body);
    });
  const started = performance.now();
  let at = 0;
  for (let i = 0; ; i += 1) {
    at += (-Math.log(1 - random()) * 1000) / load.rate;
    if (at >= load.seconds * 1000) break;
    const wait = started + at - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const req = next(i);
    lastSent.set(req.kind, i);
    answered.push(send(req, i));
  }
  await Promise.all(answered);
  agent.destroy();
  return fired;
}

/** p50 / p95 / p99 and the slow and failed requests, for one run. */
export function summary(f: Fired): { p50: number; p95: number; p99: number; over3s: number; text: string } {
  const [p50, p95, p99] = [50, 95, 99].map((p) => percentile(f.latencies, p)) as [number, number, number];
  const over3s = f.latencies.filter((l) => l > 3000).length + f.errors;
  const failed = f.non200 + f.errors ? `, ${f.non200} not 200, ${f.errors} unanswered` : '';
  const text =
    `${p50.toFixed(1)} / ${p95.toFixed(1)} / ${p99.toFixed(1)} ms ` +
    `(${f.latencies.length} requests, ${over3s} over 3 s${failed})`;
  return { p50, p95, p99, over3s, text };
}

const WORKSPACE = { token: 'legacy-verification-token', api_app_id: 'A_WHO_CAN_HELP' };

/** A slash command as Slack sends it: form-encoded. */
export function slashCommand(
  team: string,
  command: { command: string; text: string; user_id: string; channel_id: string; response_url: string },
) {
  const form = new URLSearchParams({
    ...WORKSPACE,
    team_id: team,
    team_domain: 'bench',
    channel_name: 'general',
    user_name: command.user_id.toLowerCase(),
    trigger_id: `trigger.${randomUUID()}`,
    ...command,
  });
  return { body: form.toString(), contentType: 'application/x-www-form-urlencoded' };
}

/** An interactivity payload (block_actions here) as Slack sends it: form-encoded as `payload=`. */
export function interaction(team: string, user: string, payload: Record<string, unknown>) {
  const body = new URLSearchParams({
    payload: JSON.stringify({
      ...WORKSPACE,
      team: { id: team, domain: 'bench' },
      enterprise: null,
      is_enterprise_install: false,
      user: { id: user, team_id: team, username: user.toLowerCase() },
      trigger_id: `trigger.${randomUUID()}`,
      ...payload,
    }),
  });
  return { body: body.toString(), contentType: 'application/x-www-form-urlencoded' };
}

/** An Events API delivery with an event_id of its own (the bot acts once per event_id). */
export function eventCallback(team: string, event: Record<string, unknown>) {
  const body = JSON.stringify({
    ...WORKSPACE,
    team_id: team,
    type: 'event_callback',
    event_id: `Ev${randomUUID().replace(/-/g, '').toUpperCase()}`,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [
      { team_id: team, enterprise_id: null, user_id: 'UBOT', is_bot: true, is_enterprise_install: false },
    ],
    event: { event_ts: `${Date.now() / 1000}`, ...event },
  });
  return { body, contentType: 'application/json' };
}
