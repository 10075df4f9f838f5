import { readFile } from 'node:fs/promises';
import { sql } from 'drizzle-orm';
import { type Db, rowsOf } from '../src/db/client.js';
import type { Basics } from '../src/deps.js';
import { loadEnv } from '../src/env.js';
import { refreshTalentSnapshots } from '../src/jobs/talent-snapshot.js';
import { createLogger } from '../src/logger.js';
import { categoryChart, topSkillsChart, trendChart } from '../src/talent/charts.js';
import { insights } from '../src/talent/insights-queries.js';
import { talentMap } from '../src/talent/map-queries.js';
import { renderPng } from '../src/talent/render.js';
import { buildSnapshot, figures } from '../src/talent/snapshots.js';
import { withScratchDatabase } from './database.js';
import { seedMatching } from './matching.js';
import { mb, met, ms, percentile, type Report } from './stats.js';
import { talentBotMemory } from './talent-memory.js';

const TEAM = 'TBENCH';
/** A year of asks: about 140 a day, each naming one or two catalogue skills. */
const ASKS = 50_000;
const RUNS = 10;
/** Reading a snapshot takes milliseconds: more runs, so p99 means something. */
const READS = 100;
const TITLES = [
  'Software engineer',
  'Payroll clerk',
  'Head of Communications',
  'Accountant',
  'Project manager',
  'Designer',
  'Data analyst',
  'HR adviser',
  'Office manager',
  'Marketing lead',
];

/** Titles for nine in ten people, a tenth opted into the spotlight, and a year of asks, volunteers and credits. */
export async function seedTalent(db: Db): Promise<void> {
  await db.execute(sql`update people set title = (array[${sql.join(
    TITLES.map((t) => sql`${t}`),
    sql`, `,
  )}])[1 + (substr(user_id, 2)::int % ${TITLES.length})],
                                        spotlight = substr(user_id, 2)::int % 10 = 0
                       where team_id = ${TEAM} and substr(user_id, 2)::int % 10 <> 5`);
  await db.execute(sql`
    with cat as (select name, slug, (row_number() over (order by slug) - 1)::int as i, (count(*) over ())::int as n
                 from catalogue_skills)
    insert into asks (team_id, asker_id, channel_id, message_ts, text, skills, status, created_at, is_private)
    select ${TEAM}, 'U' || (1 + g * 37 % 100000), 'CASKS', g || '.000100', 'ask number ' || g,
           array[(select name from cat where i = g * 13 % n), (select name from cat where i = g * 7 % n)],
           (case when g % 3 = 0 then 'resolved' when g % 11 = 0 then 'expired' else 'open' end)::ask_status,
           now() - make_interval(mins => (g::bigint * 525600 / ${ASKS})::int), g % 50 = 0
    from generate_series(1, ${ASKS}) g`);
  await db.execute(sql`
    insert into volunteers (ask_id, team_id, user_id, via, created_at)
    select id, team_id, 'U' || (1 + abs(hashtext(id::text)) % 100000), 'button', created_at + interval '3 hours'
    from asks where team_id = ${TEAM} and abs(hashtext(id::text)) % 5 < 3`);
  await db.execute(sql`
    insert into credits (team_id, ask_id, user_id, credited_by, skills, created_at)
    select a.team_id, a.id, v.user_id, a.asker_id, array(select slug from catalogue_skills where name = any(a.skills)),
           a.created_at + interval '1 day'
    from asks a join volunteers v on v.ask_id = a.id where a.team_id = ${TEAM} and a.status = 'resolved'`);
  await db.execute(sql`vacuum analyze`);
}

async function timed(run: () => Promise<unknown>, runs = RUNS): Promise<number[]> {
  await run(); // warm the caches once
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  return times;
}

const p50p99 = (t: number[], target: number) =>
  `${ms(percentile(t, 50))} / ${ms(percentile(t, 99))}, ${met(percentile(t, 99) < target)}`;

const spread = (t: number[]) => `${ms(percentile(t, 50))} / ${ms(percentile(t, 99))}`;
const loadAverage = async () => (await readFile('/proc/loadavg', 'utf8')).split(' ').slice(0, 3).join(' ');

/**
 * The map as the bot now shows it (issue 15): read from its snapshot row, which the scheduled job
 * builds; the build's time (both counts, then the row written); a job tick that finds nothing changed.
 */
async function snapshotFigures(db: Db, ws: { teamId: string }): Promise<Record<string, string>> {
  const env = loadEnv({ SLACK_BOT_TOKEN: 'xoxb-bench', SLACK_SIGNING_SECRET: 'bench-signing-secret' });
  const deps: Basics = { db, env, log: createLogger('silent') };
  const loadBefore = await loadAverage();
  const buildTimes = await timed(() => buildSnapshot(deps, ws, 'admin'));
  const mapReads = await timed(() => figures(deps, ws, 'map'), READS);
  const insightReads = await timed(() => figures(deps, ws, 'insights'), READS);
  // The seed puts some volunteers and credits after now (hours after the newest asks): the job would
  // see them as changes at every tick. Nothing happens in the future here.
  for (const table of ['volunteers', 'credits'])
    await db.execute(sql`update ${sql.identifier(table)} set created_at = now() - interval '1 hour'
                         where team_id = ${ws.teamId} and created_at > now() - interval '1 hour'`);
  await buildSnapshot(deps, ws, 'admin');
  // Judged two minutes on, nothing changed: every probe for a change reads to the end.
  let rebuilt = 0;
  const ticks = await timed(async () => {
    rebuilt += (await refreshTalentSnapshots(deps, { at: new Date(Date.now() + 120_000) })).length;
  });
  const [size] = await rowsOf<{ bytes: number }>(
    db,
    sql`select pg_column_size(data)::int as bytes from talent_snapshots where team_id = ${ws.teamId} and kind = 'map'`,
  );
  return {
    [`map read from its snapshot, ${READS} reads: p50 / p99 (target < 500 ms)`]: p50p99(mapReads, 500),
    [`insights read from their snapshot, ${READS} reads: p50 / p99 (target < 500 ms)`]: p50p99(insightReads, 500),
    [`snapshot build (map and insights counted, row stored), ${RUNS} runs: p50 / p99`]: spread(buildTimes),
    [`job tick finding nothing changed (it rebuilt ${rebuilt}), ${RUNS} runs: p50 / p99`]: spread(ticks),
    'map snapshot row (jsonb, stored size)': `${((size?.bytes ?? 0) / 1024).toFixed(0)} KB`,
    'load average (1, 5, 15 min) before / after the snapshot runs': `${loadBefore} / ${await loadAverage()}`,
  };
}

/** The talent map and insights over 100,000 people, 1,000,000 skill rows and a year of asks; chart drawing. */
export async function talentBench(serverUrl: string): Promise<Report> {
  return withScratchDatabase(serverUrl, async ({ database, bulk, url }) => {
    const db = database.db;
    const ws = { teamId: TEAM };
    await seedMatching(database, bulk());
    await seedTalent(bulk());
    const [counts] = await rowsOf<Record<string, number>>(
      db,
      sql`select (select count(*) from people)::int as people,
        (select count(*) from person_skills)::int as rows, (select count(*) from asks)::int as asks,
        (select count(*) from volunteers)::int as volunteers, (select count(*) from credits)::int as credits`,
    );
    const map = await talentMap(db, ws);
    const ins = await insights(db, ws);
    const mapTimes = await timed(() => talentMap(db, ws));
    const insightTimes = await timed(() => insights(db, ws));
    const snap = await snapshotFigures(db, ws);

    const coldStart = performance.now();
    const first = await renderPng(categoryChart(map).spec);
    const cold = performance.now() - coldStart;
    const charts = [categoryChart(map), topSkillsChart(map), trendChart(ins)];
    let n = 0;
    const renderTimes = await timed(() => renderPng(charts[n++ % charts.length]!.spec));
    const rss = process.memoryUsage().rss;
    const bot = await talentBotMemory(db, url, TEAM);
    return {
      figures: {
        'people / skill rows / asks / volunteers / credits': Object.values(counts!)
          .map((v) => Number(v).toLocaleString('en'))
          .join(' / '),
        [`talent map, ${RUNS} runs: p50 / p99 (target < 500 ms)`]: p50p99(mapTimes, 500),
        [`insights, ${RUNS} runs: p50 / p99 (target < 500 ms)`]: p50p99(insightTimes, 500),
        ...snap,
        [`chart to PNG, ${RUNS} renders of the three charts: p50 / p99 (target < 300 ms)`]: p50p99(renderTimes, 300),
        'first chart of a process (loads vega and resvg; not against a target)': ms(cold),
        'PNG size': `${first.width}×${first.height}, ${(first.png.length / 1024).toFixed(0)} KB`,
        'this benchmark process RSS after (tsx, seeding client, vega, resvg; not the bot)': mb(rss),
        ...bot,
      },
      appendix:
        `Map: ${map.declared.toLocaleString('en')} people declared skills, ` +
        `${map.asks.toLocaleString('en')} asks in 90 days, ${map.categories.length} categories, ` +
        `${map.hidden.length} hidden talents shown.`,
    };
  });
}
