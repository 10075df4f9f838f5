import type { App } from '@slack/bolt';
import type { Deps } from '../deps';
import { EVENTS } from './ids';

/** With a single bot token there is no installation to delete: say loudly that the token is dead. */
export function register(app: App, { log }: Deps): void {
  app.event(EVENTS.appUninstalled, async ({ context }) => {
    log.warn({ teamId: context.teamId, enterpriseId: context.enterpriseId }, 'the app was uninstalled; its bot token no longer works');
  });
  app.event(EVENTS.tokensRevoked, async ({ event, context }) => {
    log.warn({ teamId: context.teamId, bots: event.tokens.bot?.length ?? 0 }, 'tokens were revoked');
  });
}
