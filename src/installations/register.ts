import type { App, Context } from '@slack/bolt';
import type { InstallationQuery } from '@slack/oauth';
import type { Deps } from '../deps.js';
import { oauthOf } from '../env.js';
import { EVENTS } from '../slack/ids.js';
import { installationStore, uninstall } from './store.js';

/** When Slack sent the event (to the end of its whole second); its retries carry the first delivery's time. */
const sentAt = (body: { event_time?: number }) =>
  body.event_time ? new Date((body.event_time + 1) * 1000) : new Date();

const queryOf = (context: Context): InstallationQuery<boolean> => ({
  teamId: context.teamId,
  enterpriseId: context.enterpriseId,
  isEnterpriseInstall: Boolean(context.isEnterpriseInstall),
});

/**
 * Bolt never deletes an installation itself. An uninstall deletes it now and the workspace's data
 * after UNINSTALL_GRACE_DAYS (a reinstall within them keeps it). With one bot token there is no
 * installation to delete and no reinstall to notice: the log says loudly that the token is dead,
 * and the data stays for the operator, whose database it is.
 */
export function register(app: App, { db, env, log }: Deps): void {
  const store = oauthOf(env) ? installationStore(db) : undefined;

  app.event(EVENTS.appUninstalled, async ({ context, body }) => {
    const where = { teamId: context.teamId, enterpriseId: context.enterpriseId };
    if (!store) return void log.warn(where, 'the app was uninstalled; its bot token no longer works');
    await uninstall(db, queryOf(context), sentAt(body));
    log.info(where, 'the app was uninstalled; its installation is deleted, its data once the grace period ends');
  });

  app.event(EVENTS.tokensRevoked, async ({ event, context, body }) => {
    const where = {
      teamId: context.teamId,
      enterpriseId: context.enterpriseId,
      bots: event.tokens.bot?.length ?? 0,
      users: event.tokens.oauth?.length ?? 0,
    };
    if (!store) return void log.warn(where, 'tokens were revoked');
    const query = queryOf(context);
    if (where.bots > 0) {
      // Without its bot token the installation can do nothing: Slack sends app_uninstalled too, or a reinstall comes.
      await uninstall(db, query, sentAt(body));
    } else if (where.users > 0) {
      const installation = await store.fetchInstallation(query).catch(() => undefined);
      if (installation?.user.token && event.tokens.oauth?.includes(installation.user.id)) {
        await store.storeInstallation({
          ...installation,
          user: { id: installation.user.id, scopes: installation.user.scopes, token: undefined },
        });
      }
    }
    log.info(where, 'revoked tokens forgotten');
  });
}
