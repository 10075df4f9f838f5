import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRY_AGAIN } from '../src/slack/errors.js';
import { type Harness, startHarness, type TestTeam } from './support/harness.js';
import { liveMentions } from './support/mentions.js';

let h: Harness;
let team: TestTeam;
let people: string[];
beforeAll(async () => {
  h = await startHarness({ env: { MATCH_NOTIFY_LIMIT: '20' } });
  team = h.team();
  people = Array.from({ length: 4 }, () => team.user());
});
afterAll(async () => {
  await h?.close();
});

/** What people type, and what Slack makes of it: mentions, links, entities, mrkdwn. */
const fragment = fc.oneof(
  fc.constantFrom(
    '<!here>',
    '<!channel>',
    '<!everyone>',
    '<!here|here>',
    '<!channel|@channel>',
    '<!subteam^S0ABC123>',
    '<!subteam^S0ABC123|@design>',
    '&lt;!here&gt;',
    '&lt;!channel&gt;',
    '&amp;lt;!everyone&amp;gt;',
    '<!date^1392734382^{date}|Feb 18>',
    '<!here',
    '!here>',
    '<<!here>>',
    '@here',
    '@channel',
    '@everyone',
    '<@U0FUZZ01>',
    '<@U0FUZZ01|ann>',
    '<#C0FUZZ01|general>',
    '<#C0FUZZ01>',
    '<https://example.com|a link>',
    '<mailto:a@example.com>',
    '*bold*',
    '_italic_',
    '~strike~',
    '`code`',
    '```block```',
    '> quote',
    '\n',
    ', ',
    '; ',
    '&',
    '<',
    '>',
    '|',
    'help',
    'add ',
    'interest ',
    'remove ',
    'who ',
    'list ',
    'blogging',
    'python',
    'data viz',
    '\u200b',
    '\u202e',
    '\ufeff',
    '👩🏽‍💻',
    'e\u0301',
  ),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.string({ unit: 'grapheme-ascii', maxLength: 12 }),
);
const typed = fc.array(fragment, { maxLength: 25 }).map((parts) => parts.join(''));
const skillsVerb = fc.constantFrom(
  '',
  'add ',
  'interest ',
  'remove ',
  'list ',
  'who ',
  'digest ',
  'help ',
  'add ',
  'who ',
);

/**
 * Text Slack would render as mrkdwn (where a mention pings): `text` fields of messages and of
 * text objects. Plain-text objects and input values show what was typed as it is, never a ping.
 */
function rendered(x: unknown, key = ''): string[] {
  if (typeof x === 'string') return key === 'text' ? [x] : [];
  if (Array.isArray(x)) return x.flatMap((v) => rendered(v, key === 'text' ? '' : key));
  if (!x || typeof x !== 'object' || (x as { type?: unknown }).type === 'plain_text') return [];
  return Object.entries(x).flatMap(([k, v]) => rendered(v, k));
}

/** What the bot sent since `from`, as Slack would render it: Web API calls, response_url bodies, and the ack. */
function sentSince(from: { calls: number; responses: number }, ack: unknown): string[] {
  return [
    ...h.emulator.calls.slice(from.calls).map((c) => c.args),
    ...h.emulator.responses.slice(from.responses).map((r) => r.body),
    ack,
  ].flatMap((x) => rendered(x));
}

it('the mention check sees a live mention in text and in blocks, so the fuzz can fail', () => {
  const message = {
    text: '<!here> hi',
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: 'by <!subteam^S1|@team>' } },
      { type: 'input', label: { type: 'plain_text', text: '<!channel>' } },
    ],
  };
  expect(rendered(message).flatMap(liveMentions)).toEqual(['<!here>', '<!subteam^S1|@team>']);
});

/**
 * Runs a command; checks it was answered (ack text, a response, or a form) and nothing it sent pings
 * anyone en masse.
 */
async function run(command: '/ask' | '/skills', user: string, text: string): Promise<void> {
  const from = {
    calls: h.emulator.calls.length,
    responses: h.emulator.responses.length,
    violations: h.emulator.violations.length,
  };
  const reply = await h.slack.command(team, {
    command,
    text,
    user_id: user,
    channel_id: team.channel,
    response_url: h.emulator.responseUrl(),
  });
  await h.idle();
  expect(reply.status).toBe(200);
  const sent = sentSince(from, reply.body);
  expect(sent.flatMap(liveMentions)).toEqual([]);
  const answers = [
    ...(reply.body?.text ? [reply.body.text as string] : []),
    ...h.emulator.responses.slice(from.responses).map((r) => String(r.body.text)),
    ...h.emulator.calls
      .slice(from.calls)
      .filter((c) => c.method === 'views.open')
      .map(() => 'a form'),
  ];
  expect(answers.length).toBeGreaterThan(0);
  expect(answers).not.toContain(TRY_AGAIN);
  // Whatever was typed, every message stayed within Slack's limits.
  expect(h.emulator.calls.slice(from.calls).filter((c) => c.result?.error === 'invalid_blocks')).toEqual([]);
  expect(h.emulator.violations.slice(from.violations)).toEqual([]);
}

describe('fuzzing /skills and /ask with Unicode, mrkdwn and mention syntax', () => {
  it('always answers, and never posts a live @here, @channel, @everyone or group mention', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.nat(people.length - 1),
        skillsVerb,
        typed,
        typed,
        fc.boolean(),
        async (who, verb, skillText, askText, echo) => {
          await run('/skills', people[who]!, `${verb}${skillText}`);
          // Often the ask names what was just declared, so matches (and their mentions) are posted too.
          await run('/ask', people[(who + 1) % people.length]!, echo ? `${askText} ${skillText}` : askText);
        },
      ),
      { seed: 20_240_611, numRuns: 100 },
    );
  }, 120_000);
});
