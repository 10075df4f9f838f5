import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertAsk, markPosted } from '../src/asks/queries.js';
import type { Database } from '../src/db/client.js';
import { connectPglite } from '../src/db/pglite.js';
import { prepareDatabase } from '../src/db/prepare.js';
import { digestDeliveries, digestWeeks, people } from '../src/db/schema/index.js';
import { SlackEmulator } from '../src/local-slack/emulator.js';
import { parseSkillList } from '../src/skills/normalise.js';
import { addSkills } from '../src/skills/queries.js';
import { compiled } from './support/compiled.js';
import { type FreshDatabase, freshDatabase, serverUrl } from './support/database.js';

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

function digest(env: Record<string, string>, args: string[] = []) {
  // From an empty folder, so no .env of the developer's is read.
  const child = spawn(process.execPath, [...compiled('digest/cli'), ...args], {
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
  }, 90_000);

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

  it.runIf(serverUrl)(
    'on PostgreSQL: sends the rest, and nobody twice',
    async () => {
      const fresh: FreshDatabase = await freshDatabase();
      try {
        const users = await seed(fresh.database);
        await killMidRunThenRerun({ DATABASE_URL: fresh.url! }, users);
      } finally {
        await fresh.drop();
      }
    },
    90_000,
  );
});

const rowsPlanned = async (database: Database) =>
  (await database.db.$count(digestDeliveries)) + (await database.db.$count(digestWeeks));

/**
 * A fresh database seeded with the week, on PGlite in a folder or on the PostgreSQL test server;
 * `planned()` counts the rows planning writes (on PGlite, only while no CLI runs: one process at a time).
 */
async function withSeeded(
  work: (env: Record<string, string>, users: string[], planned: () => Promise<number>) => Promise<void>,
) {
  if (serverUrl) {
    const fresh = await freshDatabase();
    try {
      const users = await seed(fresh.database);
      await work({ DATABASE_URL: fresh.url! }, users, () => rowsPlanned(fresh.database));
    } finally {
      await fresh.drop();
    }
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'wch-digest-'));
  try {
    const database = connectPglite(dir);
    const users = await seed(database);
    await database.close();
    await work({ DATA_DIR: dir }, users, async () => {
      const reopened = connectPglite(dir);
      try {
        return await rowsPlanned(reopened);
      } finally {
        await reopened.close();
      }
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('npm run digest -- --dry-run', () => {
  it('shows counts and a digest as text, sends and saves nothing; a real run then sends each person one', async () => {
    await withSeeded(async (env, users, planned) => {
      emulator.calls.length = 0;
      const dry = digest(env, ['--dry-run']);
      expect(await dry.exited, dry.output()).toBe(0);
      expect(dry.output()).toContain('nothing was sent to Slack and nothing was saved');
      expect(dry.output()).toContain(`${PEOPLE} people would get a digest, from 1 ask of the week.`);
      expect(dry.output()).toContain(`Sample digest, for ${users[0]} in ${teamId}:`);
      expect(dry.output()).toContain('@UASKER0001 asks: “we want to start a blog”');
      expect(dry.output()).toContain('[I can help]');
      // Not one call to Slack, let alone chat.postMessage; and the plan was rolled back.
      expect(emulator.callsTo('chat.postMessage')).toHaveLength(0);
      expect(emulator.calls).toHaveLength(0);
      expect(await planned()).toBe(0);

      const real = digest(env);
      expect(await real.exited, real.output()).toBe(0);
      expect(
        delivered()
          .map((c) => c.args.channel)
          .sort(),
      ).toEqual(users);
      expect(await planned()).toBe(PEOPLE + 1);
    });
  });
});

describe('npm run digest off a terminal', () => {
  it('logs its progress as one JSON line every interval, counting DMs waiting out a 429', async () => {
    await withSeeded(async (env) => {
      emulator.calls.length = 0;
      emulator.postDelayMs = 10;
      emulator.fail('chat.postMessage', { status: 429, retryAfter: 1 }, 1);
      try {
        const run = digest({ ...env, DIGEST_PROGRESS_INTERVAL_MS: '50' });
        expect(await run.exited, run.output()).toBe(0);
        const lines = run
          .output()
          .split('\n')
          .filter((l) => l.startsWith('{'))
          .map((l) => JSON.parse(l))
          .filter((l) => l.msg === 'digest progress');
        expect(lines.length, run.output()).toBeGreaterThan(5);
        expect(lines.at(-1)).toMatchObject({
          week: expect.stringMatching(/^\d{4}-W\d\d$/),
          planned: PEOPLE,
          toSend: PEOPLE,
        });
        expect(lines.some((l) => l.rateLimited === 1)).toBe(true);
        expect(lines.some((l) => l.sent > 0 && l.rateLimited === 0 && Number.isInteger(l.etaSeconds))).toBe(true);
        // No terminal: no line redrawn in place.
        expect(run.output()).not.toContain('\r');
      } finally {
        emulator.postDelayMs = 0;
      }
    });
  });
});
