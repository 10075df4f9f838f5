import { loadEnv } from '../env';
import { createLogger } from '../logger';
import { runMain } from '../cli';
import { connect } from './client';

await runMain(async () => {
  const env = loadEnv();
  const log = createLogger(env.LOG_LEVEL).child({ module: 'migrate' });
  const database = connect(env.DATABASE_URL, env.DATA_DIR);
  try {
    await database.migrate();
    log.info({ kind: database.kind }, 'migrations applied');
  } finally {
    await database.close();
  }
});
