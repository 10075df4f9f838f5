import { runWithDatabase } from '../cli';

await runWithDatabase('migrate', async ({ log, database }) => {
  await database.migrate();
  log.info({ kind: database.kind }, 'migrations applied');
});
