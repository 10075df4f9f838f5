import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * `node <entry>` (compiled JavaScript, as `npm start` runs it) or `node --import tsx <entry>` (a
 * TypeScript file of the benchmarks), with only the given environment, away from any .env here.
 */
function node(entry: string, env: Record<string, string>, ipc = false): ChildProcess {
  const loader = entry.endsWith('.ts') ? ['--import', import.meta.resolve('tsx')] : ['--enable-source-maps'];
  return spawn(process.execPath, [...loader, here(entry)], {
    cwd: tmpdir(),
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe', ...(ipc ? ['ipc' as const] : [])],
  });
}

function exitError(child: ChildProcess, what: string, output: () => string): Promise<never> {
  return new Promise((_, reject) =>
    child.once('exit', (code) => reject(new Error(`${what} exited (${code}) before it was ready:\n${output()}`))),
  );
}

export interface AppProcess {
  pid: number;
  url: string;
  /** Log lines at warn level or above so far. */
  warnings(): number;
  /** What it printed so far (the first 100,000 characters). */
  output(): string;
  stop(): Promise<void>;
}

/** Starts an HTTP Slack app (the bot's `dist/main.js`, or the bare app) on PORT=0; resolves with its port. */
export async function startApp(entry: string, env: Record<string, string>): Promise<AppProcess> {
  const child = node(entry, { PORT: '0', ...env });
  let out = '';
  let warnings = 0;
  child.stderr!.on('data', (d) => (out += d));
  const port = await Promise.race([
    new Promise<number>((resolve) =>
      child.stdout!.on('data', (d: Buffer) => {
        const text = d.toString();
        if (out.length < 100_000) out += text;
        for (const m of text.matchAll(/"level":(\d+)/g)) if (Number(m[1]) >= 40) warnings += 1;
        const port = /"port":(\d+)/.exec(text);
        if (port) resolve(Number(port[1]));
      }),
    ),
    exitError(child, entry, () => out),
  ]);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    pid: child.pid!,
    url: `http://127.0.0.1:${port}`,
    warnings: () => warnings,
    output: () => out,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Resident memory of a process now and at its highest, from /proc (Linux); NaN elsewhere. */
export function memoryOf(pid: number): { rss: number; peak: number } {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1]) * 1024;
    return { rss: kb('VmRSS'), peak: kb('VmHWM') };
  } catch {
    return { rss: NaN, peak: NaN };
  }
}

/** Samples a process's RSS every 100 ms until stopped; returns the highest seen. */
export function sampleRss(pid: number): { stop(): number } {
  let highest = memoryOf(pid).rss;
  const timer = setInterval(() => (highest = Math.max(highest, memoryOf(pid).rss)), 100);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(highest, memoryOf(pid).rss);
    },
  };
}

export interface Emulator {
  url: string;
  /** Web API calls and response_url posts received so far. */
  counts(): Promise<{ calls: number; responses: number }>;
  /** Top-level messages posted to the channel; `at`: when (Date.now()) the emulator received each. */
  posts(channel: string): Promise<Array<{ channel: string; ts: string; at: number }>>;
  stop(): void;
}

/** The Slack Web API emulator in its own process, knowing the given users. */
export async function startEmulator(team: string, users: string[], admins: string[] = []): Promise<Emulator> {
  const env = { BENCH_TEAM: team, BENCH_USERS: JSON.stringify(users), BENCH_ADMINS: JSON.stringify(admins) };
  const child = node('./emulator-process.ts', env, true);
  let err = '';
  child.stderr!.on('data', (d) => (err += d));
  let seq = 0;
  const ask = <T>(msg: Record<string, unknown>) =>
    new Promise<T>((resolve) => {
      const id = ++seq;
      const onMessage = (m: { id: number } & T) => {
        if (m.id !== id) return;
        child.off('message', onMessage);
        resolve(m);
      };
      child.on('message', onMessage);
      child.send({ id, ...msg });
    });
  const { url } = await Promise.race([
    new Promise<{ url: string }>((resolve) => child.once('message', resolve)),
    exitError(child, 'the Slack emulator', () => err),
  ]);
  return {
    url,
    counts: () => ask<{ calls: number; responses: number }>({ cmd: 'calls' }),
    posts: async (channel) =>
      (await ask<{ posts: Array<{ channel: string; ts: string; at: number }> }>({ cmd: 'posts', channel })).posts,
    stop: () => child.kill(),
  };
}

/**
 * Waits until the bot's work after its acks is done: `done` holds and the emulator has heard
 * nothing for `quietMs`. Returns how long that took, in seconds.
 */
export async function settle(
  emulator: Emulator,
  quietMs: number,
  done: (responses: number) => boolean = () => true,
): Promise<number> {
  const started = performance.now();
  let [heard, quietSince] = [-1, started];
  while (performance.now() - started < 180_000) {
    const { calls, responses } = await emulator.counts();
    if (calls + responses !== heard) [heard, quietSince] = [calls + responses, performance.now()];
    else if (done(responses) && performance.now() - quietSince >= quietMs) break;
    await sleep(250);
  }
  return (quietSince - started) / 1000;
}
