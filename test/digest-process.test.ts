import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertAsk, markPosted } from '../src/asks/queries.js';
import type { Database } from '../src/db/client.js';
import { connectPglite } from '../src/db/pglite.js';
import { prepareDatabase } from '../src/db/prepare.js';
import { people } from '../src/db/schema/index.js';
import { parseSkillList } from '../src/skills/normalise.js';
import { addSkills } from '../src/skills/queries.js';
import { compiled } from './support/compiled.js';
import { type FreshDatabase, freshDatabase, serverUrl } from './support/database.js';
import { SlackEmulator } from './support/slack-emulator.js';

const PEOPLE = 30;
const teamId = 'TPROCESS01';

let emulator: SlackEmulator;
beforeAll(async () => {
  emulator = await new SlackEmulator().start();
});
afterAll(async () => {
  await emulator?.stop();
});

/** A week with one ask and PEOPLE people whose skills match it. */
async function seed(database: Database): Promise<string[]> {
  await prepareDatabase(database);
  const ws = { teamId };
  const users = Array.from({ length: PEOPLE }, (_, i) => `UP${String(i).padStart(4, '0')}`);
  await database.db.insert(people).values(users.map((userId) => ({ teamId, userId, name: userId })));
  for (const u of users) await addSkills(database.db, ws, u, 'skill', parseSkillList('blogging'));
  const draft = await insertAsk(database.db, {
    teamId,
    askerId: 'UASKER0001',
    channelId: 'CASKS00001',
    text: 'we want to start a blog',
    skills: ['Blogging'],
  });
  await markPosted(database.db, draft, { channelId: 'CASKS00001', messageTs: '1700000000.000100', permalink: null });
  return users;
}

function digest(env: Record<string, string>) {
  // From an empty folder, so no .env of the developer's is read.
  const child = spawn(process.execPath, compiled('digest/cli'), {
    cwd: tmpdir(),
    env: {
      PATH: process.env.PATH!,
      SLACK_BOT_TOKEN: 'xoxb-digest',
      SLACK_SIGNING_SECRET: 'digest-secret',
      SLACK_API_URL: emulator.url,
      LOG_LEVEL: 'info',
      ...env,
    },
  });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, output: () => out };
}

const delivered = () =>
  emulator
    .callsTo('chat.postMessage', (a) => a.metadata?.event_type === 'who_can_help_digest')
    .filter((c) => c.result?.ok);

async function killMidRunThenRerun(env: Record<string, string>, users: string[]) {
  emulator.calls.length = 0;
  emulator.postDelayMs = 60;
  const first = digest(env);
  const deadline = Date.now() + 60_000;
  // Kill it while a DM is in flight: Slack has the message, the run has not recorded it.
  const inFlight = () =>
    emulator
      .callsTo('chat.postMessage', (a) => a.metadata?.event_type === 'who_can_help_digest')
      .some((c) => !c.result);
  while (!(delivered().length >= 8 && inFlight()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
  first.child.kill('SIGKILL');
  await first.exited;
  const before = delivered().length;
  expect(before).toBeGreaterThanOrEqual(8);
  expect(before).toBeLessThan(PEOPLE);

  emulator.postDelayMs = 0;
  const second = digest(env);
  expect(await second.exited, second.output()).toBe(0);
  // The second run asked Slack whether the interrupted DM arrived, rather than guess.
  expect(emulator.callsTo('conversations.history')).toHaveLength(1);
  // The second run asked Slack whether the interrupted DM arrived, rather than guess.
  expect(emulator.callsTo('conversations.history'), second.output()).toHaveLength(1);
  expect(second.output()).toContain('sent');
  const counts = new Map<string, number>();
  for (const c of delivered()) counts.set(c.args.channel, (counts.get(c.args.channel) ?? 0) + 1);
  expect([...counts.keys()].sort()).toEqual(users);
  expect([...counts.values()].every((n) => n === 1)).toBe(true);
}

describe('npm run digest killed mid-run and run again', () => {
  it('on embedded PGlite: sends the rest, and nobody twice', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wch-digest-'));
    try {
      const database = connectPglite(dir);
      const users = await seed(database);
      await database.close();
      await killMidRunThenRerun({ DATA_DIR: dir }, users);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses to open an embedded database another process holds, saying why', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wch-digest-'));
    const database = connectPglite(dir);
    try {
      await database.migrate();
      const second = digest({ DATA_DIR: dir });
      expect(await second.exited).toBe(1);
      expect(second.output()).toContain(`is in use by process ${process.pid}`);
    } finally {
      await database.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.runIf(serverUrl)('on PostgreSQL: sends the rest, and nobody twice', async () => {
    const fresh: FreshDatabase = await freshDatabase();
    try {
      const users = await seed(fresh.database);
      await killMidRunThenRerun({ DATABASE_URL: fresh.url! }, users);
    } finally {
      await fresh.drop();
    }
  });
});
