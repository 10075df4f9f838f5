import { webApi } from '@slack/bolt';
import type { OAuthSettings } from '../env';

/** A fresh bot token for a refresh token (which Slack then revokes: each is good once). */
export type Refresh = (refreshToken: string) => Promise<{ token: string; refreshToken: string; expiresIn: number }>;

export function refresher(oauth: OAuthSettings, options: webApi.WebClientOptions): Refresh {
  const client = new webApi.WebClient(undefined, options);
  return async (refreshToken) => {
    const res = await client.oauth.v2.access({
      client_id: oauth.clientId,
      client_secret: oauth.clientSecret,
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
    });
    if (!res.access_token || !res.refresh_token || !res.expires_in) throw new Error('Slack answered a token refresh without a token');
    return { token: res.access_token, refreshToken: res.refresh_token, expiresIn: res.expires_in };
  };
}
