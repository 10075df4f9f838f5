import type { AppOptions } from '@slack/bolt';
import type { Db } from '../db/client.js';
import { type Env, type OAuthSettings, oauthOf } from '../env.js';
import type { Logger } from '../logger.js';
import { clientOptions } from '../slack/client.js';
import { refresher } from './rotation.js';
import { BOT_SCOPES } from './scopes.js';
import { stateStore } from './states.js';
import { installationStore } from './store.js';

/** The installation store every part of the app uses: one refresh path for rotating tokens. */
export const storeFor = (oauth: OAuthSettings, env: Env, db: Db, log: Logger) =>
  installationStore(db, refresher(oauth, clientOptions(env, log)));

/**
 * Bolt's options for one workspace (the bot token) or for many (OAuth: /slack/install and
 * /slack/oauth_redirect, installations and states in the database, never in memory).
 */
export function authOptions(env: Env, db: Db, log: Logger): AppOptions {
  const oauth = oauthOf(env);
  if (!oauth) return { token: env.SLACK_BOT_TOKEN };
  return {
    ...oauth,
    scopes: BOT_SCOPES,
    installationStore: storeFor(oauth, env, db, log),
    installerOptions: {
      stateStore: stateStore(db, oauth.stateSecret),
      clientOptions: clientOptions(env, log),
      authorizationUrl: new URL('../oauth/v2/authorize', env.SLACK_API_URL.replace(/\/?$/, '/')).toString(),
    },
  };
}
