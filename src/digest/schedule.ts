import { Cron } from 'croner';
import { expireAsks, sendReminders } from '../asks/housekeeping.js';
import type { Database } from '../db/client.js';
import type { Deps } from '../deps.js';
import type { SlackClients } from '../installations/clients.js';
import { resumeDigest, runDigest } from './run.js';

/** Reminders and expiry are due at any hour, not only on digest day. */
const HOUSEKEEPING_CRON = '23 * * * *';

/** Starts the weekly digest and the hourly housekeeping; protect: a slow run is never overlapped by the next. */
export function schedule(
  database: Database,
  deps: Deps,
  clients: SlackClients,
): { stop(): void; warmedUp: Promise<void> } {
  const { env, log } = deps;
  const jobs = [
    new Cron(env.DIGEST_CRON, { timezone: env.DIGEST_TIMEZONE, protect: true }, async () => {
      await runDigest(database, deps, clients).catch((err) => log.error({ err }, 'digest run failed'));
    }),
    new Cron(HOUSEKEEPING_CRON, { timezone: env.DIGEST_TIMEZONE, protect: true }, async () => {
      await housekeeping();
    }),
  ];
  async function housekeeping() {
    try {
      const reminded = await sendReminders(deps, clients);
      const expired = await expireAsks(deps, clients);
      if (reminded || expired) log.info({ reminded, expired }, 'housekeeping done');
      await resumeDigest(database, deps, clients);
    } catch (err) {
      log.error({ err }, 'housekeeping failed');
    }
  }
  // A restart (a deploy, a crash) must not leave the week's digest half sent until next week.
  const warmedUp = jobs[1]!.trigger().catch(() => {});
  log.info({ digest: jobs[0]!.nextRun()?.toISOString() }, 'digest scheduled');
  return {
    stop: () => {
      for (const job of jobs) job.stop();
    },
    warmedUp,
  };
}
