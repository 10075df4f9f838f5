import { runWithDatabase } from '../cli.js';
import { prepareDatabase } from '../db/prepare.js';
import { slackClients } from '../installations/clients.js';
import { runDigest } from './run.js';

// npm run digest: this week's digest now. Exits non-zero, saying why, if some could not be sent.
await runWithDatabase('digest', async ({ env, log, database }) => {
  await prepareDatabase(database);
  const report = await runDigest(database, { db: database.db, env, log }, slackClients(env, database.db, log));
  process.stdout.write(
    `Digest ${report.week}: ${report.planned} newly planned, ${report.sent} sent, ${report.failed} failed for good, ${report.retry} to retry.\n`,
  );
  if (report.retry > 0)
    throw new Error(
      `${report.retry} digests could not be sent now (Slack did not take them); run again later to send them`,
    );
});
