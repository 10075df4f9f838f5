import { webApi } from '@slack/bolt';

const RATE_LIMITED = 'A rate limit was exceeded';

/**
 * The Web API client's retries, for 429s only: it waits out Retry-After as Slack asks. A request
 * that failed any other way (no answer, a 5xx) may have reached Slack, and retrying it blindly
 * could post a message twice, so it fails at once and the caller decides.
 */
export const retryRateLimitsOnly = {
  ...webApi.retryPolicies.tenRetriesInAboutThirtyMinutes,
  onFailedAttempt: (err: Error & { original?: Error }) => {
    // The client wraps its own "rate limit exceeded, retry" signal in a request error.
    if (!(err.original ?? err).message.startsWith(RATE_LIMITED)) throw err;
  },
};
