import { startBot } from './bot.js';
import { runMain } from './cli.js';
import { loadEnv } from './env.js';
import { createLogger } from './logger.js';

await runMain(async () => {
  const env = loadEnv();
  const log = createLogger(env.LOG_LEVEL);
  process.on('unhandledRejection', (err) => log.error({ err }, 'unhandled rejection'));
  // Such as postgres.js writing to a socket that died mid-transaction (porsager/postgres#1208):
  // its state is unknown, so the process exits for its supervisor to restart, and Slack's retries
  // of what it was doing are taken over once its heartbeat stops.
  process.on('uncaughtException', (err) => {
    log.fatal({ err }, 'uncaught exception: exiting');
    process.exit(1);
  });
  const bot = await startBot(env, { log });
  log.info(
    { mode: env.SLACK_APP_TOKEN ? 'socket' : 'http', port: bot.port, database: bot.database.kind },
    'Who Can Help is running',
  );
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down: finishing in-flight work');
    try {
      await bot.stop();
      process.exit(0);
    } catch (err) {
      log.error({ err }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
});
