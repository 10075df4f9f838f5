import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Bot, startBot } from '../bot.js';
import type { Database } from '../db/client.js';
import { type DigestReport, runDigest } from '../digest/run.js';
import { loadEnv } from '../env.js';
import { slackClients } from '../installations/clients.js';
import type { Logger } from '../logger.js';
import { Acting } from './acting.js';
import { type EmulatorState, SlackEmulator } from './emulator.js';
import { ASK_CHANNEL, COLLEAGUES, GENERAL, OPEN_ASKS, slackUser, TEAM_ID } from './sample.js';
import { servePage } from './web.js';
import { LocalWorkspace } from './workspace.js';

export interface DemoOptions {
  /** The page's port on 127.0.0.1 (0: any free one). */
  port: number;
  /** The demo's own folder: its PGlite database and what its local Slack holds. */
  dataDir: string;
  /** Starts again from the sample organisation. */
  reset?: boolean;
  /** Another database instead of PGlite in dataDir (the tests' PostgreSQL). */
  database?: Database;
  log: Logger;
}

export interface Ready {
  bot: Bot;
  acting: Acting;
  digest(): Promise<DigestReport>;
}

export interface Demo {
  url: string;
  workspace: LocalWorkspace;
  /** Set once the bot is up and the sample organisation declared: until then the page shows, and cannot act. */
  ready?: Ready;
  stop(): Promise<void>;
}

type Saved = { emulator: EmulatorState; workspace: ReturnType<LocalWorkspace['save']> };

/**
 * The real bot, on its own database, talking to the local Slack (the emulator the tests use), and
 * a page on loopback where anyone can act as any colleague of a sample organisation. The page is
 * served first (onServing says where), so that it shows while the bot starts.
 */
export async function startDemo(options: DemoOptions & { onServing?: (url: string) => void }): Promise<Demo> {
  if (options.reset) rmSync(options.dataDir, { recursive: true, force: true });
  mkdirSync(options.dataDir, { recursive: true });
  const stateFile = join(options.dataDir, 'local-slack.json');
  const saved: Saved | undefined = existsSync(stateFile) ? JSON.parse(readFileSync(stateFile, 'utf8')) : undefined;

  const emulator = await new SlackEmulator().start();
  for (const person of COLLEAGUES) emulator.users.set(person.id, slackUser(person));
  const workspace = new LocalWorkspace(emulator);
  if (saved) {
    emulator.restore(saved.emulator);
    workspace.load(saved.workspace);
  }
  const save = () => {
    const state: Saved = { emulator: emulator.snapshot(), workspace: workspace.save() };
    writeFileSync(stateFile, JSON.stringify(state));
  };
  let timer: NodeJS.Timeout | undefined;
  let starting: Promise<unknown> = Promise.resolve();
  const demo: Demo = {
    url: '',
    workspace,
    async stop() {
      await starting.catch(() => {});
      unsubscribe?.();
      clearTimeout(timer);
      await page.close();
      await demo.ready?.bot.stop();
      if (demo.ready) save();
      await emulator.stop();
    },
  };
  const page = await servePage(demo, { port: options.port, emulator, channels: [ASK_CHANNEL, GENERAL] });
  demo.url = page.url;
  options.onServing?.(page.url);

  let unsubscribe: (() => void) | undefined;
  starting = (async () => {
    const signingSecret = randomBytes(16).toString('hex');
    const env = loadEnv({
      SLACK_BOT_TOKEN: 'xoxb-local-demo',
      SLACK_SIGNING_SECRET: signingSecret,
      SLACK_API_URL: emulator.url,
      PORT: '0',
      DATA_DIR: join(options.dataDir, 'db'),
      ASK_CHANNEL: ASK_CHANNEL.id,
      LOG_LEVEL: 'warn',
    });
    const bot = await startBot(env, { log: options.log, database: options.database, host: '127.0.0.1' });
    await bot.warmedUp;
    const acting = new Acting(
      { teamId: TEAM_ID, botUrl: `http://127.0.0.1:${bot.port}`, signingSecret },
      workspace,
      (...a) => emulator.postAs(...a),
    );
    if (!saved) {
      await seed(acting, bot);
      // What the sample people were told as they declared skills is theirs alone, and old news.
      workspace.messages = workspace.messages.filter((m) => !m.onlyFor);
      save();
    }
    unsubscribe = workspace.subscribe(() => {
      timer ??= setTimeout(() => {
        timer = undefined;
        save();
      }, 300);
    });
    const clients = slackClients(env, bot.deps.db, options.log);
    demo.ready = { bot, acting, digest: () => runDigest(bot.database, bot.deps, clients) };
    workspace.changed();
  })();
  try {
    await starting;
  } catch (err) {
    await demo.stop().catch(() => {});
    throw err;
  }
  return demo;
}

/** The sample organisation declares its skills and interests, then a few of them ask, all through the bot. */
async function seed(acting: Acting, bot: Bot): Promise<void> {
  await Promise.all(
    COLLEAGUES.map(async (person) => {
      await acting.command(person.id, GENERAL.id, '/skills', `add ${person.skills.join(', ')}`);
      if (person.interests.length)
        await acting.command(person.id, GENERAL.id, '/skills', `interest ${person.interests.join(', ')}`);
    }),
  );
  await bot.idle();
  for (const ask of OPEN_ASKS) await acting.command(ask.asker, ASK_CHANNEL.id, '/ask', ask.text);
  await bot.idle();
}
