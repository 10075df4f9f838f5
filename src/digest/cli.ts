import { webApi } from '@slack/bolt';
import { prepareDatabase, runWithDatabase } from '../cli';
import { boltLogger } from '../logger';
import { retryRateLimitsOnly } from '../slack/retry';
import { runDigest } from './run';

// npm run digest: this week's digest now. Exits non-zero, saying why, if some could not be sent.
await runWithDatabase('digest', async ({ env, log, database }) => {
  await prepareDatabase(database);
  const client = new webApi.WebClient(env.SLACK_BOT_TOKEN, { slackApiUrl: env.SLACK_API_URL, logger: boltLogger(log), retryConfig: retryRateLimitsOnly });
  const report = await runDigest(database, { db: database.db, env, log }, client);
  process.stdout.write(
    `Digest ${report.week}: ${report.planned} newly planned, ${report.sent} sent, ${report.failed} failed for good, ${report.retry} to retry.\n`,
  );
  if (report.retry > 0) throw new Error(`${report.retry} digests could not be sent now (Slack did not take them); run again later to send them`);
});
