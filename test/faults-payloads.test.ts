import { createHmac } from 'node:crypto';
import { request } from 'node:http';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../src/db/client.js';
import { type Harness, startHarness } from './support/harness.js';
import type { Reply } from './support/slack-requests.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const MB = 1024 * 1024;
// The inbox is left out: recording a request before its ack is how a bad one gets ignored safely.
const TABLES = [
  'asks',
  'volunteers',
  'replies',
  'people',
  'person_skills',
  'ask_matches',
  'workspace_settings',
  'installations',
  'oauth_states',
  'digest_deliveries',
] as const;

/** Rows the product keeps, all workspaces together: a bad request must leave every count as it was. */
async function kept(): Promise<Record<string, number>> {
  const counts = TABLES.map((t) => sql`(select count(*)::int from ${sql.identifier(t)}) as ${sql.identifier(t)}`);
  const [row] = await rowsOf<Record<string, number>>(h.database.db, sql`select ${sql.join(counts, sql`, `)}`);
  return row!;
}

/** Sends bad requests and checks that nothing was kept and the app still answers a good one. */
async function changesNothing(send: () => Promise<Reply[]>): Promise<Reply[]> {
  const before = await kept();
  const replies = await send();
  await h.idle();
  expect(await kept()).toEqual(before);
  const team = h.team();
  const help = await h.slack.command(team, {
    command: '/ask',
    text: 'help',
    user_id: team.user(),
    channel_id: team.channel,
    response_url: h.emulator.responseUrl(),
  });
  expect(help.status).toBe(200);
  expect(help.body.text).toContain('/ask');
  return replies;
}

/**
 * A POST on a connection of its own: the bot stops reading a body over its limit, and that
 * connection must not be reused. Signed with the app's secret unless `signature` is given.
 */
function post(body: string, contentType: string, signature?: string): Promise<Reply> {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const mac = createHmac('sha256', h.env.SLACK_SIGNING_SECRET!).update(`v0:${timestamp}:${body}`).digest('hex');
  const signed = `v0=${mac}`;
  const headers = {
    'content-type': contentType,
    'content-length': Buffer.byteLength(body),
    'x-slack-request-timestamp': timestamp,
    'x-slack-signature': signature ?? signed,
  };
  return new Promise((resolve, reject) => {
    const req = request(
      `http://127.0.0.1:${h.bot.port}/slack/events`,
      { method: 'POST', agent: false, headers },
      (res) => {
        res.resume();
        resolve({ status: res.statusCode!, body: undefined });
      },
    );
    // Once the answer is in, a write cut short by the bot closing the connection changes nothing.
    req.on('error', reject);
    req.end(body);
  });
}

const json = (body: unknown) => h.slack.send(JSON.stringify(body), 'application/json');
const form = (fields: Record<string, string>) =>
  h.slack.send(new URLSearchParams(fields).toString(), 'application/x-www-form-urlencoded');

describe('malformed requests', () => {
  it('malformed JSON, as an event or an interaction payload, is refused with 400', async () => {
    const [event, interaction] = await changesNothing(() =>
      Promise.all([
        h.slack.send('{"type":"event_callback","event":{', 'application/json'),
        h.slack.send('payload=%7Bnot-json', 'application/x-www-form-urlencoded'),
      ]),
    );
    expect(event!.status).toBe(400);
    expect(interaction!.status).toBe(400);
  });

  it('a body Bolt cannot place (no type, an unknown command or view) gets a 404 and no listener runs', async () => {
    const team = h.team();
    const user = team.user();
    // Bolt answers 404 after its 3 seconds when nothing acks: sent together, they cost 3 seconds, not 9.
    const replies = await changesNothing(() =>
      Promise.all([
        json({ team_id: team.teamId, hello: 'world' }),
        form({ command: '/nonsense', text: 'hi', team_id: team.teamId, user_id: user, channel_id: team.channel }),
        h.slack.viewSubmission(team, user, { callback_id: 'no_such_form', private_metadata: '', values: {} }),
      ]),
    );
    expect(replies.map((r) => r.status)).toEqual([404, 404, 404]);
  });

  it('a signed payload of a shape Slack never sends gets a 400 and one warning, never a 500', async () => {
    const team = h.team();
    const user = team.user();
    let n = 0;
    const event = (body: Record<string, unknown>) =>
      json({ type: 'event_callback', team_id: team.teamId, event_id: `EvBAD${team.teamId}${n++}`, ...body });
    const action = (body: Record<string, unknown>) => h.slack.interaction({ type: 'block_actions', ...body });
    const before = h.logs.length;
    const replies = await changesNothing(() =>
      Promise.all([
        event({}),
        event({ event: null }),
        event({ event: 'reaction_added' }),
        event({ event: { user } }),
        action({ team: { id: team.teamId }, actions: [{ action_id: 'ask_volunteer' }] }),
        action({ user: { id: user }, actions: [{ action_id: 'ask_volunteer' }] }),
        action({ team: { id: team.teamId }, user: { id: user, team_id: team.teamId }, actions: [] }),
        action({ team: { id: team.teamId }, user: { id: user, team_id: team.teamId } }),
        form({ command: '/ask', text: 'who knows Rust?', team_id: team.teamId, channel_id: team.channel }),
      ]),
    );
    expect(replies.map((r) => r.status)).toEqual(Array(9).fill(400));
    const logged = h.logs.slice(before);
    expect(logged.filter((l) => l.includes('refused a malformed request'))).toHaveLength(9);
    expect(logged.filter((l) => !l.includes('refused a malformed request'))).toEqual([]);
  });

  it('an event with fields missing is acknowledged and ignored', async () => {
    const team = h.team();
    const user = team.user();
    const ask = await team.ask(team.user(), 'who can help with a fire drill?');
    const replies = await changesNothing(() =>
      Promise.all([
        h.slack.event(team, { type: 'reaction_added', user, reaction: 'raising_hand' }),
        h.slack.event(team, {
          type: 'reaction_added',
          reaction: 'raising_hand',
          item: { type: 'message', channel: ask.channel },
        }),
        h.slack.event(team, { type: 'message', text: 'a reply without a channel or user', thread_ts: ask.ts }),
        h.slack.event(team, { type: 'message', subtype: 'message_changed', channel: ask.channel }),
      ]),
    );
    expect(replies.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    expect(h.logs.filter((l) => l.includes('listener failed'))).toEqual([]);
  });
});

describe('huge bodies', () => {
  it('over Bolt’s 4 MB limit is refused with 413', async () => {
    const team = h.team();
    const body = JSON.stringify({
      type: 'event_callback',
      team_id: team.teamId,
      event_id: 'EvHUGE0000001',
      event: { type: 'message', channel: team.channel, text: 'x'.repeat(5 * MB) },
    });
    const [reply] = await changesNothing(async () => [await post(body, 'application/json')]);
    expect(reply!.status).toBe(413);
  });

  it('over 1 MB without a valid signature is refused with 401', async () => {
    const team = h.team();
    const body = JSON.stringify({
      type: 'event_callback',
      team_id: team.teamId,
      event_id: 'EvUNSIGNED001',
      event: { type: 'message', text: 'x'.repeat(2 * MB) },
    });
    const [reply] = await changesNothing(async () => [await post(body, 'application/json', 'v0=00')]);
    expect(reply!.status).toBe(401);
  });

  it('an /ask of 1.5 MB is refused ephemerally within Block Kit limits, and posts nothing', async () => {
    const team = h.team();
    const text = 'help '.repeat(0.3 * MB);
    const [reply] = await changesNothing(async () => [
      await h.slack.command(team, {
        command: '/ask',
        text,
        user_id: team.user(),
        channel_id: team.channel,
        response_url: h.emulator.responseUrl(),
      }),
    ]);
    expect(reply!.status).toBe(200);
    expect(reply!.body).toMatchObject({ response_type: 'ephemeral' });
    expect(reply!.body.text).toContain('the limit is 2,000');
    expect(JSON.stringify(reply!.body).length).toBeLessThan(200_000);
    expect(h.emulator.callsTo('chat.postMessage', (a) => a.channel === team.channel)).toHaveLength(0);
  });

  it('a /skills add of 1.5 MB reads only its start, keeps at most 50 skills, none over 80 characters', async () => {
    const team = h.team();
    const user = team.user();
    const out = await team.skills(
      user,
      Array.from({ length: 20_000 }, (_, i) => `skill number ${i} ${'z'.repeat(60)}`).join(', '),
    );
    expect(out.reply.status).toBe(200);
    expect(out.text).toContain('Added skills:');
    // Cut to 6,000 characters before any parsing: 77 names, of which 50 fit at once.
    expect(out.text).toContain('I left out the last 27');
    expect(out.text).toContain('over 6,000 characters');
    expect(out.text.length).toBeLessThanOrEqual(4000);
    const [row] = await rowsOf<{ n: number; longest: number }>(
      h.database.db,
      sql`select count(*)::int as n, coalesce(max(length(name)), 0)::int as longest
          from person_skills where team_id = ${team.teamId} and user_id = ${user}`,
    );
    expect(row!.n).toBeLessThanOrEqual(50);
    expect(row!.longest).toBeLessThanOrEqual(80);
  });

  it('an event of 1.5 MB of a type the bot does not handle is acknowledged and ignored', async () => {
    const team = h.team();
    const [reply] = await changesNothing(async () => [
      await h.slack.event(team, { type: 'pin_added', user: team.user(), padding: 'x'.repeat(1.5 * MB) }),
    ]);
    expect(reply!.status).toBe(200);
  });
});

describe('requests the bot has no use for', () => {
  it('unknown event types are acknowledged with 200 and ignored', async () => {
    const team = h.team();
    const user = team.user();
    const replies = await changesNothing(() =>
      Promise.all(
        ['pin_added', 'channel_created', 'emoji_changed', 'team_join_request', 'no_such_event'].map((type) =>
          h.slack.event(team, { type, user, channel: team.channel }),
        ),
      ),
    );
    expect(replies.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(h.emulator.calls.filter((c) => c.args.channel === team.channel || c.args.user === user)).toHaveLength(0);
  });

  it('an unknown action id gets Bolt’s 404 and nothing happens', async () => {
    const team = h.team();
    const ask = await team.ask(team.user(), 'who can help me plan an offsite?');
    const calls = h.emulator.calls.length;
    const [reply] = await changesNothing(async () => [
      await h.slack.buttonPress(
        team,
        team.user(),
        { action_id: 'ask_frobnicate', value: ask.askId },
        { channel: ask.channel, ts: ask.ts, response_url: h.emulator.responseUrl() },
      ),
    ]);
    expect(reply!.status).toBe(404);
    expect(h.emulator.calls.slice(calls).filter((c) => c.method.startsWith('chat.'))).toHaveLength(0);
  });

  it.each([
    ['I can help', 'ask_volunteer'],
    ['Withdraw', 'ask_withdraw'],
    ['Mark resolved', 'ask_resolve'],
  ])('%s on a message that is not an ask says the ask cannot be found and keeps nothing', async (_name, actionId) => {
    const team = h.team();
    const user = team.user();
    // Some other message, whatever value its button carries: a random id, nonsense, an empty string.
    for (const value of ['5b0c1a4e-8f0e-4d7e-9a4e-3f1f5a1c2b3d', 'not-an-ask', '']) {
      const responseUrl = h.emulator.responseUrl();
      const [reply] = await changesNothing(async () => [
        await h.slack.buttonPress(
          team,
          user,
          { action_id: actionId, value },
          { channel: team.channel, ts: '1700000000.000200', response_url: responseUrl },
        ),
      ]);
      expect(reply!.status).toBe(200);
      expect(h.emulator.responses.filter((r) => r.url === responseUrl).map((r) => r.body.text)).toEqual([
        expect.stringContaining("can't find that ask"),
      ]);
    }
    expect(h.emulator.callsTo('chat.postMessage', (a) => a.channel === team.channel)).toHaveLength(0);
  });

  it('a reaction or a thread reply on a message that is not an ask is ignored', async () => {
    const team = h.team();
    const user = team.user();
    const replies = await changesNothing(() =>
      Promise.all([
        h.slack.event(team, {
          type: 'reaction_added',
          user,
          reaction: 'raising_hand',
          item: { type: 'message', channel: team.channel, ts: '1700000000.000300' },
        }),
        h.slack.event(team, {
          type: 'reaction_added',
          user,
          reaction: 'raising_hand',
          item: { type: 'file', file: 'F0001' },
        }),
        h.slack.event(team, {
          type: 'message',
          channel: team.channel,
          user,
          text: 'me!',
          ts: '1700000001.000100',
          thread_ts: '1700000000.000300',
        }),
      ]),
    );
    expect(replies.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(h.emulator.calls.filter((c) => c.args.channel === team.channel || c.args.channel === user)).toHaveLength(0);
  });
});
