import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { memoryOf, startApp, startEmulator } from './processes.js';
import { mb, percentile, type Report } from './stats.js';

const RUNS = 5;
const IDLE_MS = 5_000;
const TEAM = 'TSTARTUP1';

// How the bot used to start (TypeScript transpiled by tsx at every start) and how it starts now.
const ways: Array<[string, string]> = [
  ['`node --import tsx src/main.ts` (before)', '../src/main.ts'],
  ['`node dist/main.js` (now)', '../dist/main.js'],
];

/**
 * From spawning the bot to its "running" line, on PGlite (no database server: the quick start),
 * the first start in an empty DATA_DIR (migrations applied) and restarts on it; RSS after idling.
 */
export async function startupBench(): Promise<Report> {
  const emulator = await startEmulator(TEAM, []);
  const env = {
    SLACK_BOT_TOKEN: 'xoxb-startup',
    SLACK_SIGNING_SECRET: randomBytes(16).toString('hex'),
    SLACK_API_URL: emulator.url,
  };
  const figures: Record<string, string> = {};
  try {
    for (const [label, entry] of ways) {
      const first: number[] = [];
      const again: number[] = [];
      const rss: number[] = [];
      for (let run = 0; run < RUNS; run += 1) {
        const dataDir = mkdtempSync(join(tmpdir(), 'wch-startup-'));
        try {
          for (const times of [first, again]) {
            const started = performance.now();
            const app = await startApp(entry, { ...env, DATA_DIR: dataDir });
            times.push(performance.now() - started);
            if (times === again) {
              await sleep(IDLE_MS);
              rss.push(memoryOf(app.pid).rss);
            }
            await app.stop();
          }
        } finally {
          rmSync(dataDir, { recursive: true, force: true });
        }
      }
      const secs = (t: number) => (t / 1000).toFixed(2);
      const s = (xs: number[]) => `${secs(percentile(xs, 50))} s (${secs(Math.min(...xs))}–${secs(Math.max(...xs))})`;
      figures[`${label}: first start, empty DATA_DIR, median (range)`] = s(first);
      figures[`${label}: restart, median (range)`] = s(again);
      figures[`${label}: RSS ${IDLE_MS / 1000} s after a restart, median`] = mb(percentile(rss, 50));
    }
  } finally {
    emulator.stop();
  }
  return { figures };
}
