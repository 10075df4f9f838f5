import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { compiled } from './compiled.js';
import { SlackRequests } from './slack-requests.js';

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Polls until `ready()` holds; fails with `what` (and the `detail`) after `ms`. */
export async function until(
  what: string,
  ready: () => boolean | Promise<boolean>,
  ms = 30_000,
  detail: () => string = () => '',
): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await ready())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${detail()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export interface BotProcess {
  child: ChildProcess;
  port: number;
  slack: SlackRequests;
  /** Everything it printed: JSON log lines. */
  output(): string;
  /** Resolves with the exit code (or signal) once it is gone. */
  exited: Promise<number | string | null>;
  /** SIGKILL: no shutdown, no draining; what it was doing is cut off where it stands. */
  kill(): Promise<void>;
  /** SIGTERM: finishes what is in flight, then exits 0. */
  stop(): Promise<void>;
}

/** A signing secret shared by every process of one test, as replicas of one app share theirs. */
export const newSigningSecret = () => randomBytes(16).toString('hex');

/**
 * `npm start` as a child process (one node process running the compiled dist/main.js) in HTTP mode on a
 * port of its own, with only the given environment; resolves once it serves.
 */
export async function startBotProcess(
  env: Record<string, string> & { SLACK_SIGNING_SECRET: string; SLACK_API_URL: string },
): Promise<BotProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, compiled('main'), {
    cwd: tmpdir(),
    env: {
      PATH: process.env.PATH!,
      SLACK_BOT_TOKEN: 'xoxb-process-token',
      LOG_LEVEL: 'info',
      PORT: String(port),
      ...env,
    },
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | string | null>((resolve) =>
    child.on('exit', (code, signal) => resolve(code ?? signal)),
  );
  let gone = false;
  void exited.then(() => (gone = true));
  await until(
    'the bot to start',
    () => gone || out.includes('Who Can Help is running'),
    60_000,
    () => out,
  );
  if (gone) throw new Error(`the bot exited at start:\n${out}`);
  return {
    child,
    port,
    slack: new SlackRequests(`http://127.0.0.1:${port}`, env.SLACK_SIGNING_SECRET),
    output: () => out,
    exited,
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      child.kill('SIGTERM');
      const code = await exited;
      if (code !== 0) throw new Error(`the bot exited with ${code} on SIGTERM:\n${out}`);
    },
  };
}
