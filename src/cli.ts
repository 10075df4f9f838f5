import { connect, type Database } from './db/client.js';
import { ConfigError, type Env, loadEnv } from './env.js';
import { createLogger, type Logger } from './logger.js';

/** Runs a command-line entry point: bad config prints one line per variable, any failure exits non-zero. */
export async function runMain(main: () => Promise<void>): Promise<void> {
  try {
    await main();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`Configuration error:\n${err.lines.map((l) => `  ${l}`).join('\n')}\n`);
    } else {
      process.stderr.write(`Failed: ${err instanceof Error ? err.message : String(err)}\n`);
    }
    process.exit(1);
  }
}

/** A one-off command on the configured database, closed afterwards whatever happens. */
export function runWithDatabase(
  module: string,
  work: (ctx: { env: Env; log: Logger; database: Database }) => Promise<void>,
): Promise<void> {
  return runMain(async () => {
    const env = loadEnv();
    const log = createLogger(env.LOG_LEVEL).child({ module });
    const database = await connect(env.DATABASE_URL, env.DATA_DIR);
    try {
      await work({ env, log, database });
    } finally {
      await database.close();
    }
  });
}
