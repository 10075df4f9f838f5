import type { Db } from '../src/db/client.js';
import { prepareDatabase } from '../src/db/prepare.js';
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
    let unnamed = 0;
    for (const a of asks) if (!(await namedSlugs(db, a.text)).some((s) => a.should.includes(s))) unnamed += 1;
    return {
      figures: {
        'asks / people in their own words': `${asks.length} / ${evalPeople().length}`,
        'asks naming none of their skills': `${unnamed} (${((unnamed / asks.length) * 100).toFixed(0)} %)`,
      },
      appendix: scoreTable(rows),
    };
  });
}
