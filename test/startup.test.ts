import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadEnv } from '../src/env.js';
import { compiled } from './support/compiled.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** Runs an entry point the way `npm start` does, in an empty folder with only the given environment. */
function run(entry: string, env: Record<string, string>) {
  const cwd = mkdtempSync(join(tmpdir(), 'wch-'));
  dirs.push(cwd);
  // As npm start does: one node process running compiled code, so signals reach the bot itself.
  const child = spawn(process.execPath, compiled(entry), { cwd, env: { PATH: process.env.PATH!, ...env } });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, cwd, exited, output: () => out };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  await new Promise((r) => server.close(r));
  return port;
}

describe('configuration', () => {
  it('exits non-zero with one line naming each bad variable, never printing a secret', async () => {
    const p = run('main', { SLACK_BOT_TOKEN: 'not-a-token-s3cr3t-value', PORT: 'eighty', LOG_LEVEL: 'loud' });
    expect(await p.exited).toBe(1);
    const out = p.output();
    for (const name of ['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'PORT', 'LOG_LEVEL'])
      expect(out).toMatch(new RegExp(`^\\s*${name} `, 'm'));
    expect(out).not.toContain('s3cr3t');
  });

  it('fills in every default', () => {
    expect(loadEnv({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 'a-signing-secret', PORT: '' })).toMatchObject({
      SLACK_API_URL: 'https://slack.com/api/',
      DATA_DIR: './data',
      PORT: 3000,
      VOLUNTEER_REACTION: 'raising_hand',
      DIGEST_CRON: '0 9 * * 1',
      DIGEST_TIMEZONE: 'UTC',
      LOG_LEVEL: 'info',
    });
  });
});

describe('npm start', () => {
  it('starts on PGlite with only a bot token and signing secret, serves /healthz, and stops on SIGTERM', async () => {
    const port = await freePort();
    const p = run('main', {
      SLACK_BOT_TOKEN: 'xoxb-only-token',
      SLACK_SIGNING_SECRET: 'only-signing-secret',
      PORT: String(port),
    });
    const deadline = Date.now() + 30_000;
    while (!p.output().includes('Who Can Help is running') && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
    const res = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(res.status).toBe(200);
    expect(existsSync(join(p.cwd, 'data'))).toBe(true);
    expect(p.output()).not.toContain('only-signing-secret');
    p.child.kill('SIGTERM');
    expect(await p.exited).toBe(0);
  });

  it('npm run migrate applies the migrations and exits 0', async () => {
    const p = run('db/migrate-cli', { SLACK_BOT_TOKEN: 'xoxb-t', SLACK_SIGNING_SECRET: 'signing-secret' });
    expect(await p.exited).toBe(0);
    expect(p.output()).toContain('migrations applied');
  });
});
