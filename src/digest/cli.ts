import { runWithDatabase } from '../cli.js';
import { prepareDatabase } from '../db/prepare.js';
import { slackClients } from '../installations/clients.js';
import { createLogger } from '../logger.js';
import { dryRunDigest, dryRunReport } from './dry-run.js';
import { type DigestProgress, progressLine } from './progress.js';
import { type RunOptions, runDigest } from './run.js';

const REDRAW_MS = 500;

/**
 * A progress line rewritten in place on a terminal. Log lines go through it too, so a warning
 * gets a line of its own instead of landing in the middle of the progress.
 */
function terminalLine(out: NodeJS.WriteStream) {
  let latest: DigestProgress | undefined;
  const toWidth = (text: string) => text.slice(0, Math.max((out.columns || 120) - 1, 20));
  const draw = () => latest && out.write(`\r${toWidth(progressLine(latest, Date.now()))}\x1b[K`);
  const clear = () => out.write('\r\x1b[K');
  const timer = setInterval(draw, REDRAW_MS);
  let drawn = 0;
  return {
    onProgress(p: DigestProgress) {
      latest = p;
      if (Date.now() - drawn < 100) return;
      drawn = Date.now();
      draw();
    },
    destination: {
      write(logLine: string) {
        clear();
        out.write(logLine);
        draw();
      },
    },
    stop() {
      clearInterval(timer);
      clear();
    },
  };
}

// npm run digest: this week's digest now. Exits non-zero, saying why, if some could not be sent.
// npm run digest -- --dry-run: what it would send, without sending or saving anything.
await runWithDatabase('digest', async ({ env, log: plainLog, database }) => {
  await prepareDatabase(database);
  if (process.argv.includes('--dry-run')) {
    const dry = await dryRunDigest(database.db, env);
    process.stdout.write(dryRunReport(dry, env.DIGEST_AUDIENCE === 'all'));
    return;
  }
  // Not on a terminal (a cron job, a pipe): the run logs its figures as JSON every so often instead.
  const line = process.stdout.isTTY ? terminalLine(process.stdout) : undefined;
  const log = line ? createLogger(env.LOG_LEVEL, line.destination).child({ module: 'digest' }) : plainLog;
  const options: RunOptions = line ? { onProgress: line.onProgress } : {};
  const report = await runDigest(
    database,
    { db: database.db, env, log },
    slackClients(env, database.db, log),
    undefined,
    options,
  ).finally(() => line?.stop());
  process.stdout.write(
    `Digest ${report.week}: ${report.planned} newly planned, ${report.sent} sent, ` +
      `${report.failed} failed for good, ${report.retry} to retry.\n`,
  );
  if (report.retry > 0)
    throw new Error(
      `${report.retry} digests could not be sent now (Slack did not take them); run again later to send them`,
    );
});
