import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { type Bot, startBot } from '../../src/bot.js';
import { connectPostgres, type Database } from '../../src/db/client.js';
import { asks } from '../../src/db/schema/index.js';
import { type DigestReport, runDigest } from '../../src/digest/run.js';
import { type Env, loadEnv } from '../../src/env.js';
import { type SlackClients, slackClients } from '../../src/installations/clients.js';
import { type Call, type Grant, SlackEmulator, type SlackUser } from '../../src/local-slack/emulator.js';
import { createLogger } from '../../src/logger.js';
import { type FreshDatabase, freshDatabase, serverUrl } from './database.js';
import { SlackRequests, type Team } from './slack-requests.js';
import { SocketModeLink } from './socket-mode.js';
import { TcpProxy } from './tcp-proxy.js';

const id = (prefix: string) => `${prefix}${randomBytes(5).toString('hex').toUpperCase()}`;

/** A workspace of its own for one test: fresh team, people and channels. */
export class TestTeam implements Team {
  readonly teamId = id('T');
  readonly channel = id('C');
  constructor(
    private readonly h: Harness,
    readonly enterpriseId?: string,
    readonly orgInstall = false,
  ) {}

  user(profile: Partial<SlackUser> = {}): string {
    const userId = profile.id ?? id('U');
    this.h.emulator.users.set(userId, { id: userId, team_id: this.teamId, tz: 'Europe/London', ...profile });
    return userId;
  }

  /** Runs /ask as the user and returns the broadcast message as posted. */
  async ask(asker: string, text: string, channel = this.channel) {
    const responseUrl = this.h.emulator.responseUrl();
    const reply = await this.h.slack.command(this, {
      command: '/ask',
      text,
      user_id: asker,
      channel_id: channel,
      response_url: responseUrl,
    });
    await this.h.idle();
    const posts = this.h.emulator.callsTo(
      'chat.postMessage',
      (a) => a.text?.includes(`<@${asker}> asks:`) && a.channel === (this.h.env.ASK_CHANNEL ?? channel),
    );
    const post = posts.at(-1);
    return {
      reply,
      responseUrl,
      responses: this.h.emulator.responses.filter((r) => r.url === responseUrl),
      channel: post?.result?.channel as string,
      ts: post?.result?.ts as string,
      askId: post?.args.blocks?.find((b: any) => b.type === 'actions')?.elements?.[0]?.value as string,
    };
  }

  /** A reaction_added (or reaction_removed) event on a message, delivered and fully handled. */
  async react(
    user: string,
    item: { channel: string; ts: string },
    options: { name?: string; removed?: boolean; eventId?: string; retryNum?: number } = {},
  ) {
    const reply = await this.h.slack.event(
      this,
      {
        type: options.removed ? 'reaction_removed' : 'reaction_added',
        user,
        reaction: options.name ?? 'raising_hand',
        item: { type: 'message', channel: item.channel, ts: item.ts },
      },
      { eventId: options.eventId, retryNum: options.retryNum },
    );
    await this.h.idle();
    return reply;
  }

  /** Presses a button carrying an ask id; returns what came back through its response_url. */
  async press(user: string, actionId: string, ask: { askId: string; channel: string; ts?: string }) {
    const responseUrl = this.h.emulator.responseUrl();
    const reply = await this.h.slack.buttonPress(
      this,
      user,
      { action_id: actionId, value: ask.askId },
      { channel: ask.channel, ts: ask.ts, response_url: responseUrl },
    );
    await this.h.idle();
    return { reply, responses: this.h.emulator.responses.filter((r) => r.url === responseUrl).map((r) => r.body) };
  }

  /** Runs /skills as the user; returns the ack and what came back through its response_url. */
  async skills(user: string, text: string) {
    const responseUrl = this.h.emulator.responseUrl();
    const reply = await this.h.slack.command(this, {
      command: '/skills',
      text,
      user_id: user,
      channel_id: this.channel,
      response_url: responseUrl,
    });
    await this.h.idle();
    const responses = this.h.emulator.responses.filter((r) => r.url === responseUrl).map((r) => r.body);
    return { reply, responses, text: responses.map((r) => r.text).join('\n') };
  }

  /** The user opens the app's Home tab (or another tab of it). */
  async openHome(user: string, tab = 'home') {
    await this.h.slack.event(this, { type: 'app_home_opened', user, channel: `D${user}`, tab });
    await this.h.idle();
  }

  /** The user presses a button on their Home tab. */
  async pressHome(user: string, action_id: string, value: string) {
    await this.h.slack.homeButtonPress(this, user, { action_id, value });
    await this.h.idle();
  }

  /** A message event in a channel (a thread reply when threadTs is given). */
  async message(event: Record<string, unknown>, options: { eventId?: string; retryNum?: number } = {}) {
    const reply = await this.h.slack.event(
      this,
      { type: 'message', channel: this.channel, channel_type: 'channel', ...event },
      options,
    );
    await this.h.idle();
    return reply;
  }
}

export interface Harness {
  /** Runs this week's digest in-process, as `npm run digest` and the schedule do. */
  digest(now?: Date): Promise<DigestReport>;
  /** Makes an ask look `hours` old. */
  age(askId: string, hours: number): Promise<void>;
  emulator: SlackEmulator;
  /** Slack's end of the Socket Mode connection, when started with socketMode. */
  socket: SocketModeLink | undefined;
  /** Log lines (JSON) at warn and above (or from the logLevel option's level). */
  logs: string[];
  /** What the background jobs use to reach each workspace. */
  clients: SlackClients;
  /** The fresh database's URL on PostgreSQL; undefined on PGlite. */
  databaseUrl: string | undefined;
  slack: SlackRequests;
  bot: Bot;
  env: Env;
  database: Database;
  idle(): Promise<void>;
  /** The user's Home tab as last published, as JSON (undefined if never). */
  lastHome(user: string): string;
  /** Messages the bot posted in the user's DM, those containing text when given. */
  dmsTo(user: string, text?: string): Call[];
  /** A workspace of its own; in an org when enterpriseId is given. */
  team(options?: { enterpriseId?: string; orgInstall?: boolean }): TestTeam;
  /**
   * An admin's install through /slack/install and /slack/oauth_redirect, as a browser makes it
   * (OAuth mode only); returns the redirect's answer.
   */
  install(grant: Grant): Promise<{ status: number; body: string }>;
  /** The first half of an install, as a browser sees it: the state in the Slack link, and its cookie. */
  installPage(): Promise<{ cookie: string; state: string }>;
  /** Slack sending the browser back to the app after an install. */
  oauthRedirect(query: string, cookie: string): Promise<Response>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  env?: Record<string, string>;
  /** Many workspaces through OAuth instead of one bot token. */
  oauth?: boolean;
  /** Socket Mode: the app connects to the emulator's socket instead of serving HTTP. */
  socketMode?: boolean;
  /** Keep log lines from this level up instead of warn (a test reading every info line). */
  logLevel?: string;
  /** Connect through this URL instead of a fresh database's own (e.g. via a TCP proxy). */
  connectVia?: (databaseUrl: string) => string;
}

/** Starts the real app in HTTP mode on a fresh database, talking to its own Slack emulator. */
export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const emulator = await new SlackEmulator().start();
  const socket = options.socketMode ? new SocketModeLink(emulator.httpServer) : undefined;
  const fresh: FreshDatabase = await freshDatabase();
  const database = fresh.url && options.connectVia ? connectPostgres(options.connectVia(fresh.url)) : fresh.database;
  const signingSecret = randomBytes(16).toString('hex');
  const env = loadEnv({
    ...(options.oauth
      ? {
          SLACK_CLIENT_ID: '1111.2222',
          SLACK_CLIENT_SECRET: randomBytes(16).toString('hex'),
          SLACK_STATE_SECRET: randomBytes(16).toString('hex'),
        }
      : { SLACK_BOT_TOKEN: 'xoxb-test-token' }),
    ...(socket ? { SLACK_APP_TOKEN: 'xapp-test-token' } : {}),
    SLACK_SIGNING_SECRET: signingSecret,
    SLACK_API_URL: emulator.url,
    PORT: '0',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    // Tests post many asks as one person; the per-person limit has tests of its own that set it.
    ASKS_PER_HOUR: '1000',
    // Likewise one person is matched to many asks; the weekly cap on match notices has tests of its own.
    MATCH_NOTICES_PER_WEEK: '1000',
    // The talent snapshots' job runs only when a test calls it, never on the clock in the middle of a test.
    TALENT_SNAPSHOT_MINUTES: '0',
    ...options.env,
  });
  // Warnings are kept for tests to read, unless TEST_LOG_LEVEL asks for them on stdout.
  const logs: string[] = [];
  const log = process.env.TEST_LOG_LEVEL
    ? createLogger(env.LOG_LEVEL)
    : createLogger(options.logLevel ?? 'warn', { write: (line: string) => void logs.push(line) });
  const bot = await startBot(env, { database, log });
  // What the bot does as it starts is done before a test begins, so it never races the test (a
  // database cut inside its transactions would hit a postgres.js bug, porsager/postgres#1208).
  await bot.warmedUp;
  const clients = slackClients(env, database.db, log);
  const slack = new SlackRequests(`http://127.0.0.1:${bot.port}`, signingSecret);
  const h: Harness = {
    emulator,
    socket,
    logs,
    clients,
    databaseUrl: fresh.url,
    slack,
    bot,
    env,
    database,
    idle: () => bot.idle(),
    dmsTo: (user, text) =>
      emulator.callsTo('chat.postMessage', (a) => a.channel === user && (!text || a.text?.includes(text))),
    lastHome: (user) => JSON.stringify(emulator.callsTo('views.publish', (a) => a.user_id === user).at(-1)?.args.view),
    digest: (now) => runDigest(database, { db: database.db, env, log }, clients, now),
    async age(askId, hours) {
      await database.db
        .update(asks)
        .set({ createdAt: new Date(Date.now() - hours * 3_600_000) })
        .where(eq(asks.id, askId));
    },
    team(teamOptions) {
      const team = new TestTeam(h, teamOptions?.enterpriseId, teamOptions?.orgInstall);
      if (team.enterpriseId) emulator.orgs.set(team.teamId, team.enterpriseId);
      return team;
    },
    async installPage() {
      const page = await fetch(`http://127.0.0.1:${bot.port}/slack/install`);
      const cookie = page.headers
        .getSetCookie()
        .map((c) => c.split(';')[0])
        .join('; ');
      const state = /[?&;]state=([^&"]+)/.exec(await page.text())![1]!;
      return { cookie, state };
    },
    oauthRedirect: (query, cookie) =>
      fetch(`http://127.0.0.1:${bot.port}/slack/oauth_redirect?${query}`, { headers: { cookie }, redirect: 'manual' }),
    async install(grant) {
      const { cookie, state } = await h.installPage();
      const res = await h.oauthRedirect(`code=${emulator.grant(grant)}&state=${state}`, cookie);
      return { status: res.status, body: await res.text() };
    },
    async close() {
      await bot.stop();
      if (database !== fresh.database) await database.close();
      await fresh.drop();
      socket?.close();
      await emulator.stop();
      if (emulator.violations.length) throw new Error(`Block Kit limits broken: ${emulator.violations.join('; ')}`);
    },
  };
  return h;
}

/** The harness on PostgreSQL reached through a TCP proxy the test can cut; closing it closes the proxy too. */
export async function startHarnessBehindProxy(options: HarnessOptions = {}): Promise<{ h: Harness; proxy: TcpProxy }> {
  const target = new URL(serverUrl!);
  const proxy = await new TcpProxy(target.hostname, Number(target.port || 5432)).start();
  const h = await startHarness({ ...options, connectVia: (url) => proxy.via(url) });
  const close = h.close;
  h.close = async () => {
    proxy.restore();
    await close();
    await proxy.stop();
  };
  return { h, proxy };
}

/** What /healthz answers. */
export const health = async (h: Harness) => (await fetch(`http://127.0.0.1:${h.bot.port}/healthz`)).status;
