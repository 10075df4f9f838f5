import type { webApi } from '@slack/bolt';
import type { Env } from '../env.js';
import { boltLogger, type Logger } from '../logger.js';
import { countingFetch } from '../runtime/metrics.js';
import { retryRateLimitsOnly } from './retry.js';

/**
 * How every Web API client of ours talks to Slack: Bolt's, the background jobs', the installer's.
 * Their requests go through a fetch that counts them for /metrics, by method and outcome.
 */
export const clientOptions = (env: Env, log: Logger): webApi.WebClientOptions => ({
  slackApiUrl: env.SLACK_API_URL,
  fetch: countingFetch(env.SLACK_API_URL),
  retryConfig: retryRateLimitsOnly,
  logger: boltLogger(log),
});
