import { spawnSync } from 'node:child_process';
import { cpus } from 'node:os';
import { startAckBench } from './acks.js';
import { digestBench } from './digest.js';
import { matchingBench } from './matching.js';
import { matchingQualityBench } from './matching-quality.js';
import { startupBench } from './startup.js';
import type { Report } from './stats.js';
import { talentBench } from './talent.js';

// npm run bench: every benchmark, against the PostgreSQL server at BENCH_DATABASE_URL;
// BENCH_ONLY=matching (say) runs the ones whose title contains it.
const serverUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const only = process.env.BENCH_ONLY?.toLowerCase();
const wanted = (title: string) => !only || title.toLowerCase().includes(only);

// The bot runs as production runs it: compiled to dist/.
if (spawnSync(process.execPath, ['scripts/build.mjs', '--if-needed'], { stdio: 'inherit' }).status !== 0)
  process.exit(1);

const started = performance.now();
console.log(
  `Who Can Help benchmarks, ${new Date().toISOString().slice(0, 10)}, ` +
    `${cpus().length} cores, Node ${process.version}\n`,
);
// The ack benchmark's apps start first and idle through the others, as a bot idles after starting.
const acks = wanted('ack latency and memory') ? await startAckBench(serverUrl) : undefined;
try {
  const suites: Array<[string, () => Promise<Report>]> = [
    // The digest before anything else runs here: its RSS figure is this process's own.
    ['Digest planning', () => digestBench(serverUrl)],
    ['Matching', () => matchingBench(serverUrl)],
    ['Matching quality', () => matchingQualityBench(serverUrl)],
    ['Talent map', () => talentBench(serverUrl)],
    ['Ack latency and memory', () => acks!.run()],
    ['Start-up', () => startupBench()],
  ];
  for (const [title, run] of suites) {
    if (!wanted(title)) continue;
    const { figures, appendix } = await run();
    console.log(`## ${title}\n`);
    console.log('| measure | value |\n|---|---|');
    for (const [k, v] of Object.entries(figures)) console.log(`| ${k} | ${v} |`);
    if (appendix) console.log(`\n${appendix}`);
    console.log();
  }
} finally {
  await acks?.close();
}
console.log(`All benchmarks took ${((performance.now() - started) / 1000).toFixed(0)} s.`);
