import { cpus } from 'node:os';
import { digestBench } from './digest';

// npm run bench: every benchmark, against the PostgreSQL server at BENCH_DATABASE_URL.
const serverUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const suites: Array<[string, (url: string) => Promise<Record<string, string>>]> = [['Digest planning', digestBench]];

console.log(`Who Can Help benchmarks, ${new Date().toISOString().slice(0, 10)}, ${cpus().length} cores, Node ${process.version}\n`);
for (const [title, run] of suites) {
  const figures = await run(serverUrl);
  console.log(`## ${title}\n`);
  console.log('| measure | value |\n|---|---|');
  for (const [k, v] of Object.entries(figures)) console.log(`| ${k} | ${v} |`);
  console.log();
}
