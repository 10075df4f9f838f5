import { eq, sql } from 'drizzle-orm';
import type { Db } from '../src/db/client.js';
import { prepareDatabase } from '../src/db/prepare.js';
import { credits, personSkills } from '../src/db/schema/index.js';
import { loadCatalogue } from '../src/skills/catalogue.js';
import { parseSkillList } from '../src/skills/normalise.js';
import { addSkills } from '../src/skills/queries.js';
import { withScratchDatabase } from './database.js';
import {
  type EvalAsk,
  evalAsks,
  evalPeople,
  half,
  namedSlugs,
  type Population,
  scorePopulation,
  scoreTable,
} from './matching-eval/score.js';
import type { Report } from './stats.js';

/**
 * Two workspaces: one person per catalogue skill, picked from the catalogue; and the set's people,
 * each declaring skills in their own words as they would type them after /skills add.
 */
export async function seedPopulations(db: Db): Promise<Population[]> {
  const catalogue: Population = { name: 'catalogue', teamId: 'TEVALCAT', means: new Map() };
  for (const e of loadCatalogue()) {
    const userId = `U${e.slug}`;
    await addSkills(db, catalogue, userId, 'skill', parseSkillList(e.name));
    catalogue.means.set(userId, [e.slug]);
  }
  const free: Population = { name: 'free text', teamId: 'TEVALFREE', means: new Map() };
  for (const p of evalPeople()) {
    const userId = `U${p.id}`;
    await addSkills(db, free, userId, 'skill', parseSkillList(p.declares));
    free.means.set(userId, p.means);
  }
  return [catalogue, free];
}

/**
 * A simulated history of help: on each ask of `history`, one person of the population who could
 * have helped (taken in turn) is credited, as resolving an ask records it: the ask's named
 * catalogue skills and the English stems of its text. Returns the population as a new workspace
 * of the same people, with their declared skills (`declared`) or with none, so credits alone count.
 */
export async function seedHistory(
  db: Db,
  from: Population,
  history: EvalAsk[],
  declared: boolean,
  tag: string,
): Promise<Population> {
  const teamId = `${from.teamId}${declared ? 'H' : 'C'}${tag}`;
  const to: Population = {
    name: `${from.name}${declared ? ' + credits' : ', credits only'}`,
    teamId,
    means: from.means,
  };
  if (declared) {
    const rows = await db.select().from(personSkills).where(eq(personSkills.teamId, from.teamId));
    await db.insert(personSkills).values(rows.map((r) => ({ ...r, teamId })));
  }
  for (const ask of history) {
    const helpers = [...from.means].filter(([, means]) => means.some((s) => ask.should.includes(s))).map(([u]) => u);
    if (helpers.length === 0) continue;
    await db.insert(credits).values({
      teamId,
      userId: helpers[ask.id % helpers.length]!,
      creditedBy: 'UASKER',
      skills: await namedSlugs(db, ask.text),
      lexemes: sql`tsvector_to_array(to_tsvector('english', ${ask.text}))`,
    });
  }
  return to;
}

/**
 * Matching quality on the labelled set, on PostgreSQL. The held-out half (odd ids) is scored only
 * with BENCH_HELD_OUT=1, at the end of a piece of tuning.
 */
export async function matchingQualityBench(serverUrl: string): Promise<Report> {
  return withScratchDatabase(serverUrl, async ({ database }) => {
    const db = database.db;
    await prepareDatabase(database);
    const populations = await seedPopulations(db);
    const asks = evalAsks();
    const halves: Array<[string, EvalAsk[]]> = [['tuning', asks.filter((a) => half(a) === 'tuning')]];
    if (process.env.BENCH_HELD_OUT === '1') halves.push(['held-out', asks.filter((a) => half(a) === 'held-out')]);
    const rows = [];
    for (const [name, set] of halves)
      for (const p of populations)
        rows.push({ population: p.name, half: name, score: await scorePopulation(db, p, set) });
    // Learning from who helped: credits on the held-out half's asks, the tuning half scored (the
    // other way round, history of the tuning half, with BENCH_HELD_OUT=1).
    const history: Array<[string, EvalAsk[], EvalAsk[]]> = [
      ['tuning', asks.filter((a) => half(a) === 'held-out'), asks.filter((a) => half(a) === 'tuning')],
    ];
    if (process.env.BENCH_HELD_OUT === '1')
      history.push(['held-out', asks.filter((a) => half(a) === 'tuning'), asks.filter((a) => half(a) === 'held-out')]);
    const credited = [];
    for (const [name, past, scored] of history)
      for (const p of populations)
        for (const declared of [false, true]) {
          const withHistory = await seedHistory(db, p, past, declared, name);
          credited.push({
            population: withHistory.name,
            half: name,
            score: await scorePopulation(db, withHistory, scored),
          });
        }
    let unnamed = 0;
    for (const a of asks) if (!(await namedSlugs(db, a.text)).some((s) => a.should.includes(s))) unnamed += 1;
    return {
      figures: {
        'asks / people in their own words': `${asks.length} / ${evalPeople().length}`,
        'asks naming none of their skills': `${unnamed} (${((unnamed / asks.length) * 100).toFixed(0)} %)`,
      },
      appendix: [
        scoreTable(rows),
        '',
        'With a simulated history: one person credited on each ask of the other half',
        "(the ask's named skills and stems):",
        '',
        scoreTable(credited),
      ].join('\n'),
    };
  });
}
