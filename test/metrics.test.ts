import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { digestProgress, observeAck, registerQueueGauges } from '../src/runtime/metrics.js';
import { until } from './support/bot-process.js';
import { type Harness, startHarness } from './support/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

async function scrape() {
  const res = await fetch(`http://127.0.0.1:${h.bot.port}/metrics`);
  return { status: res.status, type: res.headers.get('content-type') ?? '', body: await res.text() };
}

/** One sample's value, e.g. value(body, 'x_total', { method: 'chat.postMessage' }); 0 when absent. */
function value(body: string, name: string, labels: Record<string, string> = {}): number {
  const want = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of body.split('\n')) {
    const m = /^([a-z_:]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = m[2] ? m[2].split(',') : [];
    if (want.length === have.length && want.every((w) => have.includes(w))) return Number(m[3]);
  }
  return 0;
}

const postMessages = async (outcome: string) =>
  value((await scrape()).body, 'who_can_help_slack_api_requests_total', { method: 'chat.postMessage', outcome });

describe('GET /metrics', () => {
  it('answers 200 in Prometheus text format, with the process metrics', async () => {
    const { status, type, body } = await scrape();
    expect(status).toBe(200);
    expect(type).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(body).toContain('# TYPE who_can_help_slack_api_requests_total counter');
    expect(body).toContain('# TYPE who_can_help_slack_ack_seconds histogram');
    expect(value(body, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
  });

  it('counts the Web API calls an /ask makes, by method', async () => {
    const team = h.team();
    const before = await postMessages('ok');
    const ask = await team.ask(team.user(), 'who can help us count things?');
    expect(ask.ts).toBeTruthy();
    expect(await postMessages('ok')).toBeGreaterThanOrEqual(before + 1);
  });

  it('times the real acks by request type, and reports a notice held at Slack as an outbox item waiting', async () => {
    const team = h.team();
    const acks = async () => value((await scrape()).body, 'who_can_help_slack_ack_seconds_count', { type: 'command' });
    const before = await acks();
    const [asker, helper] = [team.user(), team.user()];
    const ask = await team.ask(asker, 'who can help us measure the queues?');
    expect(await acks()).toBe(before + 1);

    // The news to the asker (a reply under their living DM) held at Slack: the outbox has an item waiting.
    const toAsker = (a: { channel?: string; thread_ts?: string }) => a.channel === `D${asker}` && Boolean(a.thread_ts);
    const release = h.emulator.hold('chat.postMessage', toAsker);
    const pressed = team.press(helper, 'ask_volunteer', ask);
    await until('the DM to reach Slack', () => h.emulator.callsTo('chat.postMessage', toAsker).length > 0);
    // Figures are cached for 5 s: a scrape after that reads the queue as it is now.
    await new Promise((resolve) => setTimeout(resolve, 5_100));
    expect(value((await scrape()).body, 'who_can_help_queue_depth', { queue: 'outbox' })).toBeGreaterThanOrEqual(1);
    release();
    await pressed;
  }, 30_000);

  it("counts Slack's 429s as rate_limited, and the retry that then goes through as ok", async () => {
    const team = h.team();
    const [limited, ok] = [await postMessages('rate_limited'), await postMessages('ok')];
    h.emulator.fail('chat.postMessage', { status: 429, retryAfter: 0 }, 1);
    const ask = await team.ask(team.user(), 'who can help while Slack slows us down?');
    expect(ask.ts).toBeTruthy();
    expect(await postMessages('rate_limited')).toBe(limited + 1);
    expect(await postMessages('ok')).toBeGreaterThanOrEqual(ok + 1);
  });

  it('reports the acks, queues and digest progress it is given', async () => {
    observeAck('command', 0.02);
    observeAck('U0123ABCDEF', 0.02);
    const unregister = registerQueueGauges(async () => ({
      inbox: { depth: 3, oldestSeconds: 42 },
      outbox: { depth: 0, oldestSeconds: 0 },
    }));
    digestProgress({ planned: 120, toSend: 120, sent: 40, failed: 1, rateLimited: 2 });
    const { body } = await scrape();
    unregister();
    expect(value(body, 'who_can_help_slack_ack_seconds_count', { type: 'command' })).toBeGreaterThanOrEqual(1);
    // A type that is not a plain lower-case name (an id, say) is never a label.
    expect(body).not.toContain('U0123ABCDEF');
    expect(value(body, 'who_can_help_slack_ack_seconds_count', { type: 'other' })).toBeGreaterThanOrEqual(1);
    expect(value(body, 'who_can_help_queue_depth', { queue: 'inbox' })).toBe(3);
    expect(value(body, 'who_can_help_queue_oldest_age_seconds', { queue: 'inbox' })).toBe(42);
    expect(value(body, 'who_can_help_digest_planned')).toBe(120);
    expect(value(body, 'who_can_help_digest_sent')).toBe(40);
    expect(value(body, 'who_can_help_digest_failed')).toBe(1);
    expect(value(body, 'who_can_help_digest_rate_limited')).toBe(2);
  });

  it('names no team, user or channel anywhere, after work in a workspace', async () => {
    const team = h.team();
    const [asker, helper] = [team.user(), team.user()];
    await team.skills(helper, 'add counting');
    const ask = await team.ask(asker, 'who can help with counting?');
    await team.react(helper, ask);
    await team.press(asker, 'ask_resolve', ask);
    const { body } = await scrape();
    for (const id of [team.teamId, team.channel, asker, helper, ask.ts, ask.askId]) expect(body).not.toContain(id);
    // No Slack id of any workspace: team, user, channel, DM or enterprise.
    expect(body).not.toMatch(/\b[TUCDGEWB][0-9A-Z]{8,}\b/);
  });
});
