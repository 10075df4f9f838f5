import type { AddressInfo, Server } from 'node:net';
import type { App } from '@slack/bolt';
import { connect, type Database } from './db/client.js';
import { prepareDatabase } from './db/prepare.js';
import type { Deps } from './deps.js';
import type { Env } from './env.js';
import { features } from './features.js';
import { slackClients } from './installations/clients.js';
import { schedule } from './jobs/schedule.js';
import { createLogger, type Logger } from './logger.js';
import { registerQueueGauges } from './runtime/metrics.js';
import { startOutbox } from './runtime/outbox.js';
import { startPresence } from './runtime/presence.js';
import { queueFigures } from './runtime/queues.js';
import { buildSlackApp } from './slack/app.js';

export interface Bot {
  app: App;
  /** What the features were given (jobs that tests run by hand take it too). */
  deps: Deps;
  database: Database;
  /** The HTTP port actually bound (useful with PORT=0); undefined in Socket Mode. */
  port: number | undefined;
  /** Resolves once no request is being worked on (tests use it after Slack's ack). */
  idle(): Promise<void>;
  /** Resolves once the housekeeping run at start (reminders, expiry, a digest left half sent) is done. */
  warmedUp: Promise<void>;
  stop(): Promise<void>;
}

const DRAIN_MS = 10_000;
// Tests wait for the app to go quiet; a slow database (being cut off, say) must not cut that short.
const IDLE_WAIT_MS = 60_000;

/** Migrates, builds the app with every feature, and starts serving. */
export async function startBot(
  env: Env,
  options: {
    log?: Logger;
    database?: Database;
    /** HTTP mode: the address to listen on (default: every address). */
    host?: string;
  } = {},
): Promise<Bot> {
  const log = options.log ?? createLogger(env.LOG_LEVEL);
  const database = options.database ?? (await connect(env.DATABASE_URL, env.DATA_DIR));
  try {
    await prepareDatabase(database);
  } catch (err) {
    if (!options.database) await database.close().catch(() => {});
    throw err;
  }
  const presence = await startPresence(database, log);
  const { app, inflight, inbox } = buildSlackApp(env, database, log, presence);
  const clients = slackClients(env, database.db, log);
  const outbox = startOutbox(database.db, presence, clients, log.child({ module: 'outbox' }));
  const deps: Deps = { db: database.db, env, log, outbox };
  const unregisterGauges = registerQueueGauges(() => queueFigures(database.db));
  for (const register of features) register(app, deps);

  // The local demo listens on loopback only; a deployment on every address, as Bolt does.
  const listen = options.host && !env.SLACK_APP_TOKEN ? { port: env.PORT, host: options.host } : env.PORT;
  const server = (await app.start(listen)) as Server | undefined;
  const port = env.SLACK_APP_TOKEN ? undefined : (server?.address() as AddressInfo | null)?.port;
  const jobs = schedule(database, deps, clients);
  // What a process that stopped had acknowledged and not finished (PGlite: the last run of this
  // one), then whatever it still owed people.
  const recovered = inbox
    .recover()
    .then(() => outbox.sweep())
    .catch((err) => log.warn({ err }, 'could not finish what a stopped process left'));

  return {
    app,
    deps,
    database,
    port,
    idle: () => inflight.drain(IDLE_WAIT_MS),
    warmedUp: Promise.all([jobs.warmedUp, recovered]).then(() => {}),
    async stop() {
      jobs.stop();
      inbox.stop();
      unregisterGauges();
      await app.stop();
      await inflight.drain(DRAIN_MS);
      await outbox.stop(DRAIN_MS);
      await presence.stop();
      if (!options.database) await database.close();
    },
  };
}
