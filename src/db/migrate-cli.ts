import { runWithDatabase } from '../cli.js';

await runWithDatabase('migrate', async ({ log, database }) => {
  await database.migrate();
  log.info({ kind: database.kind }, 'migrations applied');
});
