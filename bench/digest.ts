import { loadavg } from 'node:os';
import { sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { type Database, type Db, rowsOf } from '../src/db/client.js';
import { prepareDatabase } from '../src/db/prepare.js';
import { type PlanOptions, planDigest, staging, writePlans } from '../src/digest/plan.js';
import { isoWeek } from '../src/digest/week.js';
import { withScratchDatabase } from './database.js';
import type { Report } from './stats.js';

/** Issue 14: 100,000 people and 1,000,000 skill rows (BENCH_DIGEST_PEOPLE for a smaller run). */
const PEOPLE = Number(process.env.BENCH_DIGEST_PEOPLE ?? 100_000);
const TARGET_S = 5;
const SKILLS_EACH = 10;
const ASKS = 2_000;
/** BENCH_DIGEST_EXPLAIN=1: also each planning statement's EXPLAIN (ANALYZE, BUFFERS), after the timed runs. */
const EXPLAIN = process.env.BENCH_DIGEST_EXPLAIN === '1';

/** The catalogue numbered 0…n-1 by slug, so seeded rows can pick skills by arithmetic. */
const numberedCatalogue = sql`select slug, name, (row_number() over (order by slug) - 1)::int as i,
  (count(*) over ())::int as n from catalogue_skills`;

/** A workspace of PEOPLE people with SKILLS_EACH catalogue skills each, and ASKS open asks of the last week. */
export async function seedDigestWeek(database: Database, freeText = false): Promise<void> {
  await prepareDatabase(database);
  // Seeding a million rows takes longer than the bot's statement timeout allows a request query.
  await database.db.transaction(async (db) => {
    await db.execute(sql`set local statement_timeout = 0`);
    await db.execute(sql`insert into people (team_id, user_id, name)
      select 'TBENCH', 'U' || g, 'person ' || g from generate_series(1, ${PEOPLE}) g`);
    await db.execute(sql`
      with cat as (${numberedCatalogue})
      insert into person_skills (team_id, user_id, kind, name, norm, catalogue_slug, lexemes)
      select 'TBENCH', 'U' || p, (case when k % 3 = 0 then 'interest' else 'skill' end)::skill_kind,
             c.name, lower(c.name), case when ${freeText} then null else c.slug end,
             tsvector_to_array(to_tsvector('english', c.name))
      from generate_series(1, ${PEOPLE}) p
      cross join generate_series(0, ${SKILLS_EACH - 1}) k
      join cat c on c.i = (p * 7 + k * 29) % c.n
      on conflict do nothing`);
    await db.execute(sql`
      with cat as (${numberedCatalogue})
      insert into asks (team_id, asker_id, channel_id, message_ts, permalink, text, skills, created_at)
      select 'TBENCH', 'U' || (g * 11 % ${PEOPLE} + 1), 'CBENCH', g || '.000100',
             'https://example.slack.com/archives/CBENCH/p' || g,
             'We need help with ' || c1.name || ' and some ' || c2.name || ' for a project, who can help?',
             -- as posting the ask would have found them in its text
             array[c1.name, c2.name],
             now() - make_interval(hours => g % 160)
      from generate_series(1, ${ASKS}) g
      join cat c1 on c1.i = (g * 13) % c1.n
      join cat c2 on c2.i = (g * 31 + 5) % c2.n`);
  });
  await database.db.execute(sql`analyze`);
}

/**
 * Plans one week's digest for PEOPLE people with ten skills each and 2,000 open asks on
 * PostgreSQL: once with catalogue skills, once with every skill typed as free text.
 */
export async function digestBench(serverUrl: string): Promise<Report> {
  const catalogue = await planOnce(serverUrl, false);
  const free = await planOnce(serverUrl, true);
  return {
    figures: {
      ...catalogue.figures,
      'planning time, every skill as free text': free.figures[PLANNING]!,
    },
    ...(EXPLAIN && { appendix: `### Catalogue skills\n\n${catalogue.plans}\n\n### Free text\n\n${free.plans}` }),
  };
}

class Undo extends Error {}

/** Each planning statement in turn, timed, with its plan where it has one; all undone afterwards. */
async function explainPlanning(db: Db, o: PlanOptions): Promise<string> {
  const dialect = new PgDialect();
  const out: string[] = [];
  await db
    .transaction(async (tx) => {
      await tx.execute(sql`set local statement_timeout = '5min'`);
      for (const statement of [...staging(o), writePlans(o)]) {
        const text = dialect.sqlToQuery(statement).sql.trim();
        // settings, create index and analyze have no plan: they are run and timed
        const explained = /^(create temp table|insert|with|select)/i.test(text);
        const started = performance.now();
        const rows = await rowsOf<{ 'QUERY PLAN': string }>(
          tx,
          explained ? sql`explain (analyze, buffers) ${statement}` : statement,
        );
        const ms = (performance.now() - started).toFixed(0);
        out.push(`${ms} ms · ${text.slice(0, 60).replace(/\s+/g, ' ')}`);
        if (explained) out.push(`\n\`\`\`\n${rows.map((r) => r['QUERY PLAN']).join('\n')}\n\`\`\`\n`);
      }
      throw new Undo();
    })
    .catch((e) => {
      if (!(e instanceof Undo)) throw e;
    });
  return out.join('\n');
}

const PLANNING = `planning time, median of 3 (target < ${TARGET_S} s)`;

interface Planned {
  figures: Record<string, string>;
  plans?: string;
}

function planOnce(serverUrl: string, freeText: boolean): Promise<Planned> {
  return withScratchDatabase(serverUrl, async ({ database }) => {
    const db = database.db;
    const t0 = performance.now();
    await seedDigestWeek(database, freeText);
    const seeded = performance.now() - t0;
    const [counts] = await rowsOf<{ people: number; skills: number; asks: number }>(
      db,
      sql`select (select count(*) from people)::int as people, (select count(*) from person_skills)::int as skills,
                 (select count(*) from asks where status = 'open')::int as asks`,
    );

    const rssBefore = process.memoryUsage().rss;
    // Three plans of the same week under different labels: the median, and the spread.
    const times: number[] = [];
    let planned = 0;
    const options = (label: string): PlanOptions => ({
      week: `${isoWeek(new Date(), 'UTC')}-${label}`,
      since: new Date(Date.now() - 7 * 86_400_000),
      everyone: false,
      askChannel: 'CBENCH',
    });
    for (const label of ['A', 'B', 'C']) {
      const started = performance.now();
      // as the digest run plans (src/digest/run.ts): past the 5 s a request's statement may take
      planned = await db.transaction(async (tx) => {
        await tx.execute(sql`set local statement_timeout = '5min'`);
        return planDigest(tx, options(label));
      });
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    const planning = times[1]!;
    const [matched] = await rowsOf<{ avg: number }>(
      db,
      sql`select avg(jsonb_array_length(content->'matches'))::float8 as avg
          from digest_deliveries where week like '%-A'`,
    );
    const seconds = (ms: number) => (ms / 1000).toFixed(2);
    const spread = `${seconds(times[0]!)}–${seconds(times[2]!)}`;
    const megabytes = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;
    const peak = megabytes(process.resourceUsage().maxRSS * 1024);
    const plans = EXPLAIN ? await explainPlanning(db, options('EXPLAIN')) : undefined;
    const figures = {
      'people / skill rows / open asks': `${counts!.people} / ${counts!.skills} / ${counts!.asks}`,
      'seeding (not measured against a target)': `${(seeded / 1000).toFixed(1)} s`,
      'digests planned': String(planned),
      'asks shown per digest (mean)': (matched?.avg ?? 0).toFixed(1),
      [PLANNING]: `${seconds(planning)} s (${spread}), ${planning < TARGET_S * 1000 ? 'met' : 'NOT met'}`,
      'bench process RSS before → peak (target < 400 MB)': `${megabytes(rssBefore)} → ${peak}`,
      'load average (1 / 5 / 15 min) after planning': loadavg()
        .map((l) => l.toFixed(2))
        .join(' / '),
    };
    return { figures, plans };
  });
}
