import { randomBytes } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installations } from '../src/db/schema/index.js';
import { boltLogger, createLogger } from '../src/logger.js';
import { type Harness, startHarness } from './support/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ oauth: true });
  await h.database.db.execute(
    sql.raw(`create or replace function test_refuse_write() returns trigger language plpgsql as $$
      begin raise exception 'refused by a test'; end $$`),
  );
});
afterAll(async () => {
  await h?.close();
});

/** Every write of `table`'s rows for this workspace now fails in the database, as a real query error. */
async function refuseWrites(table: string, teamId: string, on = 'insert or update') {
  const name = `refuse_${randomBytes(4).toString('hex')}`;
  await h.database.db.execute(
    sql.raw(
      `create trigger ${name} before ${on} on ${table} for each row ` +
        `when (new.team_id = '${teamId}') execute function test_refuse_write()`,
    ),
  );
}

/** Every token and refresh token the emulator handed out or was handed. */
const tokensSeen = () =>
  h.emulator
    .callsTo('oauth.v2.access')
    .flatMap((c) => [c.result?.access_token, c.result?.refresh_token, c.args.refresh_token])
    .filter((t): t is string => typeof t === 'string' && t.startsWith('xox'));

function expectClean(lines: string[], secrets: string[]) {
  const all = lines.join('\n');
  for (const secret of secrets) expect(all).not.toContain(secret);
  expect(all).not.toMatch(/(xox[abpre]|xapp)-(?!\[redacted\])/);
}

describe('the logs, when the database fails', () => {
  it('hold neither the token nor the refresh token when storing an installation fails', async () => {
    const teamId = `T${randomBytes(5).toString('hex').toUpperCase()}`;
    await refuseWrites('installations', teamId);
    const since = h.logs.length;
    const res = await h.install({ teamId, expiresIn: 43_200 });
    expect(res.status).not.toBe(200);
    const lines = h.logs.slice(since);
    // The failure is logged, with its query, but without its parameters.
    expect(lines.join('\n')).toContain('refused by a test');
    expect(lines.join('\n')).toContain('installations');
    const secrets = tokensSeen();
    expect(secrets.some((t) => t.startsWith(`xoxb-rotating-${teamId}`))).toBe(true);
    expectClean(lines, secrets);
  });

  it('hold neither the old nor the refreshed tokens, nor the ask, when storing a refreshed token fails', async () => {
    const team = h.team();
    expect((await h.install({ teamId: team.teamId, expiresIn: 43_200 })).status).toBe(200);
    const [row] = await h.database.db
      .select()
      .from(installations)
      .where(eq(installations.key, `team:${team.teamId}`));
    const installation = row!.installation as { bot: { expiresAt: number } };
    installation.bot.expiresAt = Math.floor(Date.now() / 1000);
    await h.database.db.update(installations).set({ installation }).where(eq(installations.key, row!.key));
    await refuseWrites('installations', team.teamId, 'update');

    const since = h.logs.length;
    const text = `rotation secret ${randomBytes(6).toString('hex')}: who can help?`;
    const ask = await team.ask(team.user(), text);
    expect(ask.ts).toBeUndefined();
    expect(ask.responses.map((r) => r.body.text).join()).toContain('try again');
    // Slack did hand out a fresh token, which the database then refused to keep.
    expect(h.emulator.callsTo('oauth.v2.access', (a) => a.grant_type === 'refresh_token').length).toBeGreaterThan(0);
    const lines = h.logs.slice(since);
    expect(lines.join('\n')).toContain('refused by a test');
    expectClean(lines, [...tokensSeen(), text]);
  });

  it('hold neither the token nor the ask when saving an ask fails', async () => {
    const team = h.team();
    expect((await h.install({ teamId: team.teamId })).status).toBe(200);
    await refuseWrites('asks', team.teamId);
    const since = h.logs.length;
    const text = `payroll secret ${randomBytes(6).toString('hex')}: we want to start a blog, who can help?`;
    const ask = await team.ask(team.user(), text);
    expect(ask.ts).toBeUndefined();
    expect(ask.responses.map((r) => r.body.text).join()).toContain('try again');
    const lines = h.logs.slice(since);
    expect(lines.join('\n')).toContain('listener failed');
    expect(lines.join('\n')).toContain('refused by a test');
    expectClean(lines, [...tokensSeen(), text, text.slice(0, 20)]);
  });
});

describe('every logged string', () => {
  it('has Slack tokens of every kind redacted, through the root logger and Bolt’s', () => {
    const lines: string[] = [];
    const log = createLogger('debug', { write: (line: string) => void lines.push(line) });
    const tokens = ['xoxb-1-bot', 'xoxp-2-user', 'xapp-1-A1-app', 'xoxe-1-refresh', 'xoxe.xoxp-1-rotated', 'xoxa-2-x'];
    log.info({ note: `tokens ${tokens.join(' ')}` }, `message ${tokens.join(' ')}`);
    log.error(new Error(`failed with ${tokens[0]}`, { cause: new Error(`because ${tokens[1]}`) }));
    const bolt = boltLogger(log);
    bolt.debug('http request body: {"token":"plain-secret","refreshToken":"another-secret"}');
    bolt.warn(`token ${tokens[2]}`, { token: tokens[3] });
    bolt.error(new Error(`Failed query: select $1\nparams: ${tokens[4]},the ask's text`));
    const all = lines.join('\n');
    for (const secret of [...tokens, 'plain-secret', 'another-secret', "the ask's text"])
      expect(all).not.toContain(secret);
    expect(all).toContain('Failed query: select $1');
  });
});
