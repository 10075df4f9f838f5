import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asks, digestDeliveries, installations, oauthStates, replies, volunteers } from '../src/db/schema/index.js';
import { type ConfigError, loadEnv, oauthOf } from '../src/env.js';
import { boltLogger, createLogger } from '../src/logger.js';
import { type Harness, startHarness, type TestTeam } from './support/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ oauth: true });
});
afterAll(async () => {
  await h?.close();
});

const installationOf = async (key: string) =>
  (await h.database.db.select().from(installations).where(eq(installations.key, key)))[0];
const tokenOf = async (key: string) =>
  ((await installationOf(key))?.installation as { bot: { token: string } } | undefined)?.bot.token;
const installCount = async () => (await h.database.db.select({ n: count() }).from(installations))[0]!.n;
const exchanges = () => h.emulator.callsTo('oauth.v2.access').length;

/** Makes the stored token expire `inSeconds` from now, as the installation's record says. */
async function storedTokenExpires(teamId: string, inSeconds: number) {
  const row = (await installationOf(`team:${teamId}`))!;
  const installation = row.installation as { bot: { expiresAt: number } };
  installation.bot.expiresAt = Math.floor(Date.now() / 1000) + inSeconds;
  await h.database.db.update(installations).set({ installation }).where(eq(installations.key, row.key));
}

async function installed(options: { enterpriseId?: string } = {}): Promise<TestTeam> {
  const team = h.team(options);
  const res = await h.install({ teamId: team.teamId, enterpriseId: options.enterpriseId });
  expect(res.status).toBe(200);
  return team;
}

describe('installing in a workspace through OAuth', () => {
  it('stores the installation in the database, and the workspace is then served with its own token', async () => {
    const team = h.team();
    const res = await h.install({ teamId: team.teamId });
    expect(res.status).toBe(200);
    expect(res.body).toContain('Thank you!');
    const token = await tokenOf(`team:${team.teamId}`);
    expect(token).toMatch(/^xoxb-/);

    const asker = team.user();
    const ask = await team.ask(asker, 'we want to start a blog, who can help?');
    expect(ask.ts).toBeTruthy();
    const post = h.emulator.callsTo('chat.postMessage', (a) => a.channel === team.channel).at(-1)!;
    expect(post.token).toBe(token);
  });

  it('refuses a forged state, a state from another browser, and a replayed callback, storing nothing', async () => {
    const before = { installs: await installCount(), exchanges: exchanges() };
    const team = h.team();

    const forged = await h.oauthRedirect(
      `code=${h.emulator.grant({ teamId: team.teamId })}&state=forged.value`,
      'slack-app-oauth-state=forged.value',
    );
    expect(forged.status).toBe(400);

    const elsewhere = await h.installPage();
    const noCookie = await h.oauthRedirect(
      `code=${h.emulator.grant({ teamId: team.teamId })}&state=${elsewhere.state}`,
      '',
    );
    expect(noCookie.status).toBe(400);

    const { cookie, state } = await h.installPage();
    const first = await h.oauthRedirect(`code=${h.emulator.grant({ teamId: team.teamId })}&state=${state}`, cookie);
    expect(first.status).toBe(200);
    const replayed = await h.oauthRedirect(`code=${h.emulator.grant({ teamId: team.teamId })}&state=${state}`, cookie);
    expect(replayed.status).toBe(400);

    // Only the one good callback reached Slack and the database; its state is used up.
    expect(exchanges()).toBe(before.exchanges + 1);
    expect(await installCount()).toBe(before.installs + 1);
    expect(
      await h.database.db
        .select()
        .from(oauthStates)
        .where(eq(oauthStates.state, state.split('.')[0]!)),
    ).toEqual([]);
  });

  it('ignores, with a warning and a 200, an event or a command from a workspace it is not installed in', async () => {
    const stranger = h.team();
    const someone = stranger.user();
    const event = await stranger.react(someone, { channel: stranger.channel, ts: '1800000001.000001' });
    expect(event.status).toBe(200);
    const command = await stranger.ask(someone, 'anyone?');
    expect(command.reply.status).toBe(200);
    expect(command.responses.map((r) => r.body.text)).toEqual([
      expect.stringContaining('not installed in this workspace'),
    ]);
    expect(h.emulator.callsTo('chat.postMessage', (a) => a.channel === stranger.channel)).toEqual([]);
    expect(await h.database.db.select().from(asks).where(eq(asks.teamId, stranger.teamId))).toEqual([]);
    expect(h.logs.some((l) => l.includes('not installed in') && l.includes(stranger.teamId))).toBe(true);
  });
});

describe('uninstalling and revoked tokens', () => {
  it('app_uninstalled deletes the installation; the workspace is ignored after, other workspaces go on', async () => {
    const [gone, staying] = [await installed(), await installed()];
    const [a, b] = [gone.user(), staying.user()];
    await h.slack.event(gone, { type: 'app_uninstalled' });
    await h.idle();
    h.emulator.revoke({ teamId: gone.teamId });
    expect(await installationOf(`team:${gone.teamId}`)).toBeUndefined();

    const since = h.emulator.calls.length;
    const after = await gone.ask(a, 'still there?');
    expect(after.reply.status).toBe(200);
    expect(after.responses.map((r) => r.body.text)).toEqual([
      expect.stringContaining('not installed in this workspace'),
    ]);
    expect(h.emulator.calls.slice(since).filter((c) => c.method !== 'oauth.v2.access')).toEqual([]);
    expect(await h.database.db.select().from(asks).where(eq(asks.teamId, gone.teamId))).toEqual([]);
    expect((await staying.ask(b, 'who knows Python?')).ts).toBeTruthy();
    expect(await h.clients.forWorkspace({ teamId: gone.teamId })).toBeUndefined();
  });

  it('tokens_revoked for user tokens only keeps the bot installation', async () => {
    const team = await installed();
    await h.slack.event(team, { type: 'tokens_revoked', tokens: { oauth: ['U_INSTALLER'] } });
    await h.idle();
    expect(await tokenOf(`team:${team.teamId}`)).toMatch(/^xoxb-/);
  });

  it('tokens_revoked for the bot deletes the installation', async () => {
    const team = await installed();
    await h.slack.event(team, { type: 'tokens_revoked', tokens: { bot: [`UBOT_${team.teamId}`] } });
    await h.idle();
    expect(await installationOf(`team:${team.teamId}`)).toBeUndefined();
  });
});

describe('Enterprise Grid', () => {
  it('an org-wide install is kept under the enterprise and serves every workspace of the org', async () => {
    const enterpriseId = `E${Date.now()}`;
    const res = await h.install({ enterpriseId, isEnterpriseInstall: true });
    expect(res.status).toBe(200);
    const row = await installationOf(`enterprise:${enterpriseId}`);
    expect(row).toMatchObject({ isEnterpriseInstall: true, teamId: null, enterpriseId });

    for (const team of [h.team({ enterpriseId, orgInstall: true }), h.team({ enterpriseId, orgInstall: true })]) {
      const asker = team.user();
      const ask = await team.ask(asker, 'who can review a contract?');
      expect(ask.ts).toBeTruthy();
      const helper = team.user();
      await team.react(helper, ask);
      const [row] = await h.database.db.select().from(asks).where(eq(asks.id, ask.askId));
      expect(row).toMatchObject({ teamId: team.teamId, enterpriseId });
      expect(await h.database.db.select().from(volunteers).where(eq(volunteers.askId, ask.askId))).toHaveLength(1);
    }
    // Background jobs find the org's token for any of its workspaces.
    expect(await h.clients.forWorkspace({ teamId: 'T_ANY_IN_ORG', enterpriseId })).toBeDefined();

    // Uninstalled from the org: the enterprise's installation goes.
    await h.slack.event(h.team({ enterpriseId, orgInstall: true }), { type: 'app_uninstalled' });
    await h.idle();
    expect(await installationOf(`enterprise:${enterpriseId}`)).toBeUndefined();
  });
});

describe('token rotation', () => {
  it('an expired token is refreshed, stored, and used from then on', async () => {
    const team = h.team();
    await h.install({ teamId: team.teamId, expiresIn: 43_200 });
    const first = await tokenOf(`team:${team.teamId}`);
    h.emulator.expire(team.teamId);
    // Stored as expiring now, so Bolt refreshes it before the next request.
    await storedTokenExpires(team.teamId, 0);

    const asker = team.user();
    const since = h.emulator.calls.length;
    const ask = await team.ask(asker, 'who can help with rotation?');
    expect(ask.ts).toBeTruthy();
    const second = await tokenOf(`team:${team.teamId}`);
    expect(second).not.toBe(first);
    expect(h.emulator.callsTo('chat.postMessage', (a) => a.channel === team.channel).at(-1)!.token).toBe(second);
    expect(h.emulator.calls.slice(since).filter((c) => c.token === first)).toEqual([]);
  });

  it('requests arriving together while the token expires refresh it once, and every one of them acts', async () => {
    const team = h.team();
    await h.install({ teamId: team.teamId, expiresIn: 43_200 });
    const ask = await team.ask(team.user(), 'who can help at the fair?');
    await storedTokenExpires(team.teamId, 60);
    const refreshes = () => h.emulator.callsTo('oauth.v2.access', (a) => a.grant_type === 'refresh_token').length;
    const before = refreshes();

    const helpers = Array.from({ length: 6 }, () => team.user());
    await Promise.all(
      helpers.map((u) =>
        h.slack.event(team, {
          type: 'reaction_added',
          user: u,
          reaction: 'raising_hand',
          item: { type: 'message', channel: ask.channel, ts: ask.ts },
        }),
      ),
    );
    await h.idle();
    expect(refreshes()).toBe(before + 1);
    expect(await h.database.db.select().from(volunteers).where(eq(volunteers.askId, ask.askId))).toHaveLength(
      helpers.length,
    );
  });
});

describe('two installed workspaces', () => {
  it(
    'never see each other’s asks, skills, volunteers, replies, digests or Home tabs; ' +
      'an uninstall leaves nothing for the other',
    async () => {
      const [alpha, beta] = [await installed(), await installed()];
      const people = (team: TestTeam) => ({ asker: team.user(), helper: team.user(), other: team.user() });
      const [a, b] = [people(alpha), people(beta)];
      await alpha.skills(a.helper, 'add blogging');
      await beta.skills(b.helper, 'add blogging');
      const askA = await alpha.ask(a.asker, 'we want to start the Alpha blog, who can help?');
      const askB = await beta.ask(b.asker, 'we want to start the Beta blog, who can help?');

      // Matches are tagged in their own workspace only.
      const tagged = (ask: { ts: string }) =>
        JSON.stringify(h.emulator.callsTo('chat.postMessage', (x) => x.thread_ts === ask.ts).map((c) => c.args));
      expect(tagged(askA)).toContain(a.helper);
      expect(tagged(askA)).not.toContain(b.helper);
      expect(tagged(askB)).toContain(b.helper);

      // Requests from one workspace that name the other's ask change nothing there.
      await alpha.react(a.other, askB);
      await alpha.press(a.other, 'ask_volunteer', askB);
      await alpha.message({
        user: a.other,
        text: 'me!',
        ts: '1800009000.000100',
        thread_ts: askB.ts,
        channel: askB.channel,
      });
      await beta.react(b.helper, askB);
      expect(await h.database.db.select().from(replies).where(eq(replies.askId, askB.askId))).toEqual([]);
      const volunteersOfB = await h.database.db.select().from(volunteers).where(eq(volunteers.askId, askB.askId));
      expect(volunteersOfB.map((v) => v.userId)).toEqual([b.helper]);
      expect((await beta.skills(b.other, 'who blogging')).text).not.toContain(a.helper);

      // Digests and Home tabs: each workspace's people, through its own token, about its own asks.
      // Alpha's other declares blogging only now: no match notice told them of Alpha's ask.
      await alpha.skills(a.other, 'add blogging');
      await h.digest();
      const alphaToken = await tokenOf(`team:${alpha.teamId}`);
      const betaToken = await tokenOf(`team:${beta.teamId}`);
      const digestsTo = (user: string) =>
        h.emulator.callsTo(
          'chat.postMessage',
          (x) => x.channel === user && x.metadata?.event_type === 'who_can_help_digest',
        );
      // Alpha's other matches Alpha's blog ask (Beta's is not theirs to see); nobody's digest comes from the other.
      expect(digestsTo(a.other)).toHaveLength(1);
      expect(JSON.stringify(digestsTo(a.other)[0]!.args.blocks)).not.toContain('Beta blog');
      for (const [people, token, other] of [
        [a, alphaToken, 'Beta blog'],
        [b, betaToken, 'Alpha blog'],
      ] as const) {
        for (const d of Object.values(people).flatMap(digestsTo)) {
          expect(d.token).toBe(token);
          expect(JSON.stringify(d.args)).not.toContain(other);
        }
      }
      await alpha.openHome(a.helper);
      const home = h.emulator.callsTo('views.publish', (x) => x.user_id === a.helper).at(-1)!;
      expect(home.token).toBe(alphaToken);
      expect(JSON.stringify(home.args.view)).toContain('Alpha blog');
      expect(JSON.stringify(home.args.view)).not.toContain('Beta blog');
      // The emulator refuses any call that crosses workspaces: none was even tried.
      expect(
        h.emulator.calls.filter((c) => c.result?.error === 'user_not_found' || c.result?.error === 'channel_not_found'),
      ).toEqual([]);

      // Alpha uninstalls: its token is gone; Beta's people still see only Beta.
      await h.slack.event(alpha, { type: 'app_uninstalled' });
      await h.idle();
      expect(await installationOf(`team:${alpha.teamId}`)).toBeUndefined();
      expect(await h.clients.forWorkspace({ teamId: alpha.teamId })).toBeUndefined();
      expect((await beta.skills(b.other, 'who blogging')).text).not.toContain(a.helper);
      await beta.openHome(b.other);
      expect(h.lastHome(b.other)).not.toContain('Alpha blog');
    },
  );
});

describe('configuration for many workspaces', () => {
  const base = { SLACK_SIGNING_SECRET: 'a-signing-secret' };
  const oauth = {
    SLACK_CLIENT_ID: '1111.2222',
    SLACK_CLIENT_SECRET: 'c'.repeat(32),
    SLACK_STATE_SECRET: 's'.repeat(32),
  };
  const problems = (raw: Record<string, string>) => {
    try {
      loadEnv(raw);
      return [];
    } catch (err) {
      return (err as ConfigError).lines;
    }
  };

  it('takes the three OAuth variables instead of a bot token, and names whichever is missing', () => {
    expect(oauthOf(loadEnv({ ...base, ...oauth }))).toEqual({
      clientId: '1111.2222',
      clientSecret: oauth.SLACK_CLIENT_SECRET,
      stateSecret: oauth.SLACK_STATE_SECRET,
    });
    const lines = problems({ ...base, SLACK_CLIENT_ID: '1111.2222' });
    expect(lines.join('\n')).toMatch(/^SLACK_CLIENT_SECRET is required/m);
    expect(lines.join('\n')).toMatch(/^SLACK_STATE_SECRET is required/m);
    expect(problems(base).join('\n')).toMatch(/^SLACK_BOT_TOKEN is required/m);
    expect(problems({ ...base, ...oauth, SLACK_APP_TOKEN: 'xapp-1' }).join('\n')).toMatch(
      /^SLACK_APP_TOKEN: installing in many workspaces needs HTTP mode/m,
    );
    expect(JSON.stringify(problems({ ...base, ...oauth, SLACK_CLIENT_SECRET: 'short-secret' }))).not.toContain(
      'short-secret',
    );
  });

  it('keeps one workspace when a bot token is set, whatever else is', () => {
    expect(oauthOf(loadEnv({ ...base, ...oauth, SLACK_BOT_TOKEN: 'xoxb-1' }))).toBeUndefined();
  });
});

describe('events from before a reinstall', () => {
  it('a late retry of app_uninstalled leaves the installation made since in place', async () => {
    const team = await installed();
    const yesterday = Math.floor(Date.now() / 1000) - 86_400;
    const body = JSON.stringify({
      team_id: team.teamId,
      api_app_id: 'A_WHO_CAN_HELP',
      type: 'event_callback',
      event_id: 'EvLATEUNINSTALL',
      event_time: yesterday,
      authorizations: [{ team_id: team.teamId, user_id: 'UBOT', is_bot: true, is_enterprise_install: false }],
      event: { type: 'app_uninstalled', event_ts: String(yesterday) },
    });
    expect(
      (
        await h.slack.send(body, 'application/json', {
          'x-slack-retry-num': '3',
          'x-slack-retry-reason': 'http_timeout',
        })
      ).status,
    ).toBe(200);
    await h.idle();
    expect(await installationOf(`team:${team.teamId}`)).toBeDefined();
  });
});

describe('a workspace whose token is dead', () => {
  it('fails its own digests and no one else’s', async () => {
    const broken = Object.assign(h.team(), { teamId: `T0${Date.now()}` });
    const fine = h.team();
    for (const team of [broken, fine]) {
      await h.install({ teamId: team.teamId, expiresIn: 43_200 });
      const reader = team.user({ id: `U${team.teamId}R` });
      await team.ask(team.user(), 'we want to start a blog, who can help?');
      await team.skills(reader, 'add blogging');
    }
    // Slack no longer takes the broken workspace's refresh token, and its token is about to expire.
    h.emulator.revoke({ teamId: broken.teamId });
    await storedTokenExpires(broken.teamId, 60);

    await h.digest();
    const digestTo = (user: string) =>
      h.emulator.callsTo(
        'chat.postMessage',
        (a) => a.channel === user && a.metadata?.event_type === 'who_can_help_digest',
      );
    expect(digestTo(`U${fine.teamId}R`).filter((c) => c.result?.ok)).toHaveLength(1);
    expect(digestTo(`U${broken.teamId}R`)).toEqual([]);
    const failed = await h.database.db
      .select()
      .from(digestDeliveries)
      .where(eq(digestDeliveries.teamId, broken.teamId));
    expect(failed.map((d) => [d.status, d.error])).toContainEqual(['failed', 'app not installed']);
  });
});

describe('the logs', () => {
  it('never hold the client secret or a refresh token, even at debug', () => {
    const lines: string[] = [];
    const log = boltLogger(createLogger('debug', { write: (line: string) => void lines.push(line) }));
    log.debug(
      'http request body: {"client_id":"1111.2222","client_secret":"s3cr3t-value",' +
        '"grant_type":"refresh_token","refresh_token":"xoxe-1-s3cr3t"}',
    );
    log.debug('http request body: client_secret=s3cr3t-value&code=c0de-s3cr3t');
    expect(lines.join('\n')).not.toMatch(/s3cr3t/);
    expect(lines.join('\n')).toContain('1111.2222');
  });
});
