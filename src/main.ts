import { startBot } from './bot';
import { runMain } from './cli';
import { loadEnv } from './env';
import { createLogger } from './logger';

await runMain(async () => {
  const env = loadEnv();
  const log = createLogger(env.LOG_LEVEL);
  process.on('unhandledRejection', (err) => log.error({ err }, 'unhandled rejection'));
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
