import { webApi } from '@slack/bolt';
import type { OAuthSettings } from '../env.js';

/** A fresh bot token for a refresh token (which Slack then revokes: each is good once). */
export type Refresh = (refreshToken: string) => Promise<{ token: string; refreshToken: string; expiresIn: number }>;

/** Slack's answers that mean the installation's refresh token is dead for good. */
export const DEAD_REFRESH = new Set([
  'invalid_refresh_token',
  'invalid_grant',
  'token_revoked',
  'invalid_auth',
  'account_inactive',
]);

export function refresher(oauth: OAuthSettings, options: webApi.WebClientOptions): Refresh {
  // No waiting out a 429 here: the refresh holds the installation's row lock while it runs.
  const client = new webApi.WebClient(undefined, { ...options, retryConfig: { retries: 0 }, timeout: 10_000 });
  return async (refreshToken) => {
    const res = await client.oauth.v2.access({
      client_id: oauth.clientId,
      client_secret: oauth.clientSecret,
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
    });
    if (!res.access_token || !res.refresh_token || !res.expires_in)
      throw new Error('Slack answered a token refresh without a token');
    return { token: res.access_token, refreshToken: res.refresh_token, expiresIn: res.expires_in };
  };
}
