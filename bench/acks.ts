import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'drizzle-orm';
import { type Database, rowsOf } from '../src/db/client.js';
import { prepareDatabase } from '../src/db/prepare.js';
import { describe, readAckHistogram, since } from './ack-metrics.js';
import { scratchDatabase } from './database.js';
import {
  eventCallback,
  type Fired,
  fire,
  firePaced,
  type Load,
  type PacedFired,
  slashCommand,
  summary,
} from './load.js';
import { MIX, mixedRequests, type PostedAsk } from './mix.js';
import { type AppProcess, type Emulator, memoryOf, sampleRss, settle, startApp, startEmulator } from './processes.js';

type Post = Awaited<ReturnType<Emulator['posts']>>[number];

import { ASK_TEXTS } from './samples.js';
import { mb, met, percentile, type Report } from './stats.js';

const TEAM = 'TBENCH';
const ASK_CHANNEL = 'CBENCHASKS';
const PEOPLE = 2_000;
const person = (i: number) => `U${(i % PEOPLE) + 1}`;
type Body = (i: number) => { body: string; contentType: string };

/** A workspace of PEOPLE known people with five catalogue skills each, for new asks to match. */
async function seed(database: Database): Promise<void> {
  await prepareDatabase(database);
  await database.db.execute(
    sql`insert into people (team_id, user_id, name)
        select ${TEAM}, 'U' || g, 'person ' || g from generate_series(1, ${PEOPLE}) g`,
  );
  await database.db.execute(sql`
    with cat as (select slug, name, (row_number() over (order by slug) - 1)::int as i, (count(*) over ())::int as n
                 from catalogue_skills)
    insert into person_skills (team_id, user_id, kind, name, norm, catalogue_slug, lexemes)
    select ${TEAM}, 'U' || p, 'skill', c.name, lower(c.name), c.slug,
           tsvector_to_array(to_tsvector('english', c.name))
    from generate_series(1, ${PEOPLE}) p cross join generate_series(0, 4) k
    join cat c on c.i = (p * 7 + k * 29) % c.n`);
  await database.db.execute(sql`analyze`);
}

const load: Load = {
  rate: Number(process.env.BENCH_RATE ?? 200),
  seconds: Number(process.env.BENCH_SECONDS ?? 30),
  connections: Number(process.env.BENCH_CONNECTIONS ?? 10),
};
const WARM_UP: Load = { rate: 50, seconds: 1, connections: 5 };
/** The realistic mix: what a busy workspace sends, spread out in time as it is sent (100 a second). */
const mixLoad: Load = {
  rate: Number(process.env.BENCH_MIX_RATE ?? 100),
  seconds: Number(process.env.BENCH_MIX_SECONDS ?? 30),
  connections: Number(process.env.BENCH_MIX_CONNECTIONS ?? 8),
};
/** How long the 200/s stress's asks may take to be posted (counted by the emulator) before the reactions. */
const DRAIN_SECONDS = Number(process.env.BENCH_DRAIN_SECONDS ?? 300);
/** The bot's build: dist/ unless BENCH_BOT names another main.js (to compare two builds on one machine). */
const BOT = process.env.BENCH_BOT ?? '../dist/main.js';
const MIX_WARM_UP: Load = { rate: mixLoad.rate, seconds: 2, connections: mixLoad.connections };
const MIX_SEED = 20261130;
/** The bot's p99 at the realistic mix, at most this many times the bare app's. */
const MIX_TARGET_RATIO = 1.2;

interface Runs {
  bareAsk: Fired;
  botAsk: Fired;
  bareReact: Fired;
  botReact: Fired;
  bareMix: PacedFired;
  botMix: PacedFired;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const plus = (ms: number) => `${ms >= 0 ? '+' : '−'}${Math.abs(ms).toFixed(1)} ms`;

function mixFigures(runs: Runs, work: string): Record<string, string> {
  const out: Record<string, string> = {};
  const counts = [...runs.botMix.byKind].map(([kind, l]) => `${l.length} ${kind}`).join(', ');
  out['realistic mix: load'] =
    `${mixLoad.rate} requests/s on average for ${mixLoad.seconds} s, each sent at its own random moment ` +
    `(Poisson), over at most ${mixLoad.connections} connections, after ${MIX_WARM_UP.seconds} s of warm-up: ` +
    `${counts}`;
  const [b, o] = [summary(runs.bareMix), summary(runs.botMix)];
  out['realistic mix, bare Bolt app: p50 / p95 / p99'] = b.text;
  out['realistic mix, the bot: p50 / p95 / p99'] = o.text;
  out[`realistic mix: bot p99 ÷ bare p99 (target ≤ ${MIX_TARGET_RATIO}, none over 3 s)`] =
    `${(o.p99 / b.p99).toFixed(2)} (${plus(o.p99 - b.p99)}), ` +
    `${met(o.p99 <= MIX_TARGET_RATIO * b.p99 && o.over3s === 0)}`;
  out['realistic mix: bot p50 − bare p50'] = plus(o.p50 - b.p50);
  for (const [kind] of MIX) {
    const [bare, bot] = [runs.bareMix.byKind.get(kind) ?? [], runs.botMix.byKind.get(kind) ?? []];
    const text = (l: number[]) => `${percentile(l, 50).toFixed(1)} / ${percentile(l, 99).toFixed(1)} ms`;
    out[`realistic mix, ${kind} (${bot.length}): p50 / p99, bare app → the bot`] = `${text(bare)} → ${text(bot)}`;
  }
  out['realistic mix: bot work done'] = work;
  return out;
}

function figures(
  runs: Runs,
  work: { asks: string; reactions: string; mix: string },
  memory: Record<string, string>,
  own: Record<string, string>,
): Record<string, string> {
  const out: Record<string, string> = {
    load:
      `${load.rate} requests/s for ${load.seconds} s from ${load.connections} connections (autocannon), ` +
      'after 1 s of warm-up',
  };
  const compare = (what: string, bareRun: Fired, botRun: Fired) => {
    const [b, o] = [summary(bareRun), summary(botRun)];
    out[`${what}, bare Bolt app: p50 / p95 / p99`] = b.text;
    out[`${what}, the bot: p50 / p95 / p99`] = o.text;
    out[`${what}: bot p99 ÷ bare p99 (target ≤ 1.2, none over 3 s)`] =
      `${(o.p99 / b.p99).toFixed(2)}, ${met(o.p99 <= 1.2 * b.p99 && o.over3s === 0)}`;
    out[`${what}: bot p99 − bare p99`] = plus(o.p99 - b.p99);
  };
  compare('/ask', runs.bareAsk, runs.botAsk);
  out['/ask: asks posted for the acks received; bot work done'] = work.asks;
  compare('reaction_added', runs.bareReact, runs.botReact);
  out['reaction_added: volunteers recorded for the acks received; bot work done'] = work.reactions;
  return { ...out, ...mixFigures(runs, work.mix), ...own, ...memory };
}

export interface AckBench {
  run(): Promise<Report>;
  close(): Promise<void>;
}

/**
 * First a realistic mix (bench/mix.ts) at 100 a second, spread out as a workspace sends it, against
 * the bot (`dist/main.js` in a process of its own, on PostgreSQL, with the Slack emulator as its Web
 * API) while it has no other work, then against a bare Bolt app that only acks. Then the stress:
 * signed /ask commands at 200 a second for 30 s, and once their asks are posted, reaction_added
 * events at 200 a second, against each. The bot's memory through it all, and its own ack histogram
 * (its /metrics) around the phases. The apps start before the other benchmarks run, so the bot has
 * idled a while when its memory is first read.
 */
export async function startAckBench(serverUrl: string): Promise<AckBench> {
  const scratch = await scratchDatabase(serverUrl);
  const apps: AppProcess[] = [];
  let emulator: Emulator | undefined;
  const close = async () => {
    for (const app of apps) await app.stop();
    emulator?.stop();
    await scratch.drop();
  };
  try {
    await seed(scratch.database);
    emulator = await startEmulator(
      TEAM,
      Array.from({ length: PEOPLE }, (_, i) => person(i)),
    );
    const secret = randomBytes(16).toString('hex');
    const env = { SLACK_BOT_TOKEN: 'xoxb-bench-token', SLACK_SIGNING_SECRET: secret, SLACK_API_URL: emulator.url };
    apps.push(await startApp('./bare-app.ts', env));
    apps.push(await startApp(BOT, { ...env, DATABASE_URL: scratch.url, ASK_CHANNEL, LOG_LEVEL: 'info' }));
    const started = performance.now();
    return { run: () => measure(scratch.database, emulator!, apps[0]!, apps[1]!, secret, started), close };
  } catch (err) {
    await close();
    throw err;
  }
}

/** Waits until `n` asks are posted in the ask channel, or `limitMs` has passed: the posts by then. */
async function postedAsks(emulator: Emulator, n: number, limitMs: number): Promise<Post[]> {
  const started = performance.now();
  for (;;) {
    const posts = await emulator.posts(ASK_CHANNEL);
    if (posts.length >= n || performance.now() - started >= limitMs) return posts;
    await sleep(1000);
  }
}

async function volunteerCount(database: Database): Promise<number> {
  const [row] = await rowsOf<{ n: number }>(database.db, sql`select count(*)::int as n from volunteers`);
  return row!.n;
}

const lastAt = (posts: Post[]) => Math.max(...posts.map((p) => p.at));

async function measure(
  database: Database,
  emulator: Emulator,
  bare: AppProcess,
  bot: AppProcess,
  secret: string,
  started: number,
): Promise<Report> {
  let sent = 0;
  const run = async (app: AppProcess, body: Body): Promise<Fired> => {
    sent = (await fire(app.url, secret, WARM_UP, body)).latencies.length;
    return fire(app.url, secret, load, body);
  };
  const respondTo = emulator.url.replace(/\/api\/$/, '/respond/');
  const ask: Body = (i) =>
    slashCommand(TEAM, {
      command: '/ask',
      text: ASK_TEXTS[i % ASK_TEXTS.length]!,
      user_id: person(i),
      channel_id: 'CBENCH',
      response_url: `${respondTo}${i}`,
    });
  const reaction = (i: number, item: { channel: string; ts: string }) =>
    eventCallback(TEAM, {
      type: 'reaction_added',
      user: person(i * 7 + 1),
      reaction: 'raising_hand',
      item: { type: 'message', ...item },
    });
  const loads: string[] = [];
  const noteLoad = (when: string) => loads.push(`${loadavg()[0]!.toFixed(2)} ${when}`);

  await sleep(Math.max(0, 30_000 - (performance.now() - started)));
  const idle = memoryOf(bot.pid).rss;
  const sampling = sampleRss(bot.pid);

  // The realistic mix first, on a bot with nothing else to do (after the 200/s stress it would
  // still be working through thousands of asks). It replies and reacts to asks posted beforehand.
  noteLoad('before the mix');
  const seeded = (await fire(bot.url, secret, WARM_UP, (i) => ask(1_000_000 + i))).latencies.length;
  await settle(emulator, 2000, (responses) => responses >= seeded);
  const posted = await rowsOf<PostedAsk>(
    database.db,
    sql`select id::text as id, channel_id as channel, message_ts as ts from asks where message_ts is not null`,
  );
  const mix = (seed: number) => mixedRequests(TEAM, ASK_CHANNEL, posted, person, respondTo, seed);
  const warmUpMix = (app: AppProcess) => firePaced(app.url, secret, MIX_WARM_UP, MIX_SEED + 1, mix(MIX_SEED + 1));
  const fireMix = (app: AppProcess) => firePaced(app.url, secret, mixLoad, MIX_SEED, mix(MIX_SEED));
  await warmUpMix(bot);
  await settle(emulator, 2000);
  const ownBeforeMix = await readAckHistogram(bot.url);
  const botMix = await fireMix(bot);
  noteLoad("at the end of the bot's mix");
  const ownAtMix = since(ownBeforeMix, await readAckHistogram(bot.url));
  const mixDrain = await settle(emulator, 3000);
  const mixAsked = botMix.lastAnswered.get('/ask');
  const mixBroadcast = lastAt(await emulator.posts(ASK_CHANNEL));
  // The bare app's mix while the bot idles.
  await warmUpMix(bare);
  const bareMix = await fireMix(bare);
  noteLoad("at the end of the bare app's mix");

  // The 200/s stress: /ask, then (its asks posted, or the wait over) reactions on them.
  const before = (await emulator.posts(ASK_CHANNEL)).length;
  const ownAtStart = await readAckHistogram(bot.url);
  const botAsk = await run(bot, ask);
  noteLoad('at the end of the /ask stress');
  // The load's last ack: the last ask's broadcast is the last top-level post in the ask channel.
  const askLoadEnded = Date.now();
  const asksAcked = sent + botAsk.latencies.length;
  const stressPosts = (await postedAsks(emulator, before + asksAcked, DRAIN_SECONDS * 1000)).slice(before);
  const askDrain = (Date.now() - askLoadEnded) / 1000;
  noteLoad('when the /ask stress was drained or the wait ended');
  // Volunteering on the asks posted, each by someone other than (almost always) the asker.
  const targets = await emulator.posts(ASK_CHANNEL);
  const volunteersBefore = await volunteerCount(database);
  const botReact = await run(bot, (i) => reaction(i, targets[i % targets.length]!));
  noteLoad('at the end of the reaction stress');
  const reactionsAcked = sent + botReact.latencies.length;
  const reactDrain = await settle(emulator, 5000);
  const peak = sampling.stop();
  const ownAtStress = since(ownAtStart, await readAckHistogram(bot.url));
  const volunteers = (await volunteerCount(database)) - volunteersBefore;

  // The bare app last: the bot idles meanwhile, and V8 hands back the heap its backlog needed.
  const quiet = performance.now();
  const bareAsk = await run(bare, ask);
  const bareReact = await run(bare, (i) => reaction(i, { channel: ASK_CHANNEL, ts: `${1_800_000_000 + i}.000100` }));
  while (memoryOf(bot.pid).rss >= 200 * 2 ** 20 && performance.now() - quiet < 90_000) await sleep(1000);
  const steady = memoryOf(bot.pid).rss;

  const own: Record<string, string> = {};
  for (const [phase, histogram] of [
    ['realistic mix', ownAtMix],
    ['200/s phases', ownAtStress],
  ] as const) {
    for (const [type, text] of Object.entries(describe(histogram)))
      own[`the bot's own ack time by its /metrics, ${phase}, ${type}`] = text;
  }

  const drained = stressPosts.length >= asksAcked;
  const work = {
    asks:
      `${stressPosts.length} for ${asksAcked}; ` +
      (drained
        ? `all posted ${askDrain.toFixed(1)} s after the load ended; the last ask broadcast `
        : `the wait ended ${askDrain.toFixed(1)} s after the load (BENCH_DRAIN_SECONDS) with ` +
          `${asksAcked - stressPosts.length} not yet posted; the last one posted by then was broadcast `) +
      `${seconds(lastAt(stressPosts) - askLoadEnded)} after the load's last ack`,
    reactions: `${volunteers} for ${reactionsAcked}; ${reactDrain.toFixed(1)} s after the load ended`,
    mix:
      `${mixDrain.toFixed(1)} s after the load ended; the last /ask broadcast ` +
      `${mixAsked ? seconds(mixBroadcast - mixAsked) : '–'} after its ack`,
  };
  const memory = {
    'bot RSS at idle after start (target < 200 MB)': `${mb(idle)}, ${met(idle < 200 * 2 ** 20)}`,
    'bot RSS peak during its ack benchmarks': mb(peak),
    'bot RSS at idle after them (target < 200 MB)':
      `${mb(steady)} ${((performance.now() - quiet) / 1000).toFixed(0)} s after its work was done, ` +
      met(steady < 200 * 2 ** 20),
    'bare app RSS at idle after start / peak': `${mb(memoryOf(bare.pid).rss)} / ${mb(memoryOf(bare.pid).peak)}`,
    'bot warnings and errors logged': String(bot.warnings()),
    '1-minute load average': loads.join('; '),
  };
  return { figures: figures({ bareAsk, botAsk, bareReact, botReact, bareMix, botMix }, work, memory, own) };
}
