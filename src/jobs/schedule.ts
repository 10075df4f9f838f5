import { Cron } from 'croner';
import type { Database } from '../db/client.js';
import type { Deps } from '../deps.js';
import { resumeDigest, runDigest } from '../digest/run.js';
import type { SlackClients } from '../installations/clients.js';
import { pruneInbox } from '../runtime/inbox-queries.js';
import { pruneOutbox } from '../runtime/outbox-queries.js';
import { pruneSkillChanges } from '../skills/match-index-queries.js';
import { offerLearningPairs } from '../talent/pairs.js';
import { postSpotlights } from '../talent/spotlight.js';
import { checkInOnAsks } from './check-in.js';
import { nudgeClaims } from './claim-nudge.js';
import { expireAsks } from './expiry.js';
import { sendReminders } from './reminders.js';
import { applyRetention } from './retention.js';
import { refreshTalentSnapshots } from './talent-snapshot.js';

/** Reminders and expiry are due at any hour, not only on digest day. */
const HOUSEKEEPING_CRON = '23 * * * *';

/**
 * Every scheduled job: the weekly digest, and the hourly housekeeping (the escalation ladder, expiry, the
 * "Still on it?" nudges, the askers' "Did they help?" check-ins, the rest of a digest a crash left half
 * sent, requests older than a day, notices delivered a month ago, and retention: old reply text,
 * uninstalled workspaces, people never served); and every few minutes the talent map's snapshots.
 * `protect`: a slow run is never overlapped by the next.
 */
export function schedule(
  database: Database,
  deps: Deps,
  clients: SlackClients,
): { stop(): void; warmedUp: Promise<void> } {
  const { env, log } = deps;
  const digest = new Cron(env.DIGEST_CRON, { timezone: env.DIGEST_TIMEZONE, protect: true }, async () => {
    await runDigest(database, deps, clients).catch((err) => log.error({ err }, 'digest run failed'));
    // The week's learning pairs ride the digest: offered once a week, when it goes out.
    await offerLearningPairs(deps, clients).catch((err) => log.error({ err }, 'learning pairs failed'));
  });
  const housekeeping = new Cron(HOUSEKEEPING_CRON, { timezone: env.DIGEST_TIMEZONE, protect: true }, async () => {
    try {
      const reminded = await sendReminders(deps, clients);
      const expired = await expireAsks(deps, clients);
      const nudged = await nudgeClaims(deps, clients);
      // after expiry: an ask closing now gets the expiry DM's question, not a check-in as well
      const checkedIn = await checkInOnAsks(deps, clients);
      if (reminded || expired || nudged || checkedIn)
        log.info({ reminded, expired, nudged, checkedIn }, 'housekeeping done');
      await resumeDigest(database, deps, clients);
    } catch (err) {
      log.error({ err }, 'housekeeping failed');
    }
    // Once a week per workspace (the week's row says whether it went), whichever hour comes first.
    await postSpotlights(deps, clients).catch((err) => log.warn({ err }, 'could not post the spotlights'));
    await pruneInbox(deps.db).catch((err) => log.warn({ err }, 'could not prune the inbox'));
    await pruneOutbox(deps.db).catch((err) => log.warn({ err }, 'could not prune the outbox'));
    await pruneSkillChanges(deps.db).catch((err) => log.warn({ err }, 'could not prune the skill changes'));
    await applyRetention(deps)
      .then((retained) => log.debug(retained, 'retention applied'))
      .catch((err) => log.warn({ err }, 'could not apply retention'));
  });
  // The talent map's figures, counted in the background so reading them takes one row (issue 15).
  const minutes = env.TALENT_SNAPSHOT_MINUTES;
  const snapshots =
    minutes > 0
      ? new Cron(`*/${minutes} * * * *`, { protect: true }, async () => {
          const built = await refreshTalentSnapshots(deps).catch((err) => {
            log.warn({ err }, 'could not refresh the talent snapshots');
            return [];
          });
          if (built.length) log.info({ built: built.length }, 'talent snapshots refreshed');
        })
      : undefined;
  // A restart (a deploy, a crash) must not leave the week's digest half sent until next week.
  const warmedUp = housekeeping.trigger().catch(() => {});
  log.info({ digest: digest.nextRun()?.toISOString() }, 'digest scheduled');
  return {
    stop: () => {
      digest.stop();
      housekeeping.stop();
      snapshots?.stop();
    },
    warmedUp,
  };
}
