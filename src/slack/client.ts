import type { webApi } from '@slack/bolt';
import type { Env } from '../env';
import { boltLogger, type Logger } from '../logger';
import { retryRateLimitsOnly } from './retry';

/** How every Web API client of ours talks to Slack: Bolt's, the background jobs', the installer's. */
export const clientOptions = (env: Env, log: Logger): webApi.WebClientOptions => ({
  slackApiUrl: env.SLACK_API_URL,
  retryConfig: retryRateLimitsOnly,
  logger: boltLogger(log),
});
