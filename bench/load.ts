import { createHmac, randomUUID } from 'node:crypto';
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
