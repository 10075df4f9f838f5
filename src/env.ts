import { existsSync } from 'node:fs';
import { z } from 'zod';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const wholeNumber = (min: number, max: number, fallback: number, what = 'a whole number') =>
  z.coerce
    .number({ error: `must be ${what}` })
    .int({ error: 'must be a whole number' })
    .min(min, { error: `must be between ${min} and ${max}` })
    .max(max, { error: `must be between ${min} and ${max}` })
    .default(fallback);

const positive = (what: string, fallback: number) =>
  z.coerce
    .number({ error: `must be a number of ${what}` })
    .positive({ error: 'must be more than 0' })
    .default(fallback);

/** What a channel id and an emoji name look like, here and in the workspace settings form. */
export const CHANNEL_ID = /^[CG][A-Z0-9]{2,}$/;
export const EMOJI_NAME = /^[a-z0-9_+'-]+$/;
export const bareEmoji = (v: string) => v.trim().replace(/^:|:$/g, '');

const isTimeZone = (tz: string) => {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};

const schema = z.object({
  SLACK_BOT_TOKEN: z.string().startsWith('xoxb-', { error: 'must be a bot token starting with xoxb-' }).optional(),
  SLACK_CLIENT_ID: z
    .string()
    .regex(/^\d+\.\d+$/, { error: "must be the app's Client ID, such as 1234567890.1234567890" })
    .optional(),
  SLACK_CLIENT_SECRET: z.string().min(16, { error: 'is too short to be a client secret' }).optional(),
  SLACK_STATE_SECRET: z.string().min(16, { error: 'must be at least 16 characters (a long random string)' }).optional(),
  SLACK_SIGNING_SECRET: z.string().min(8, { error: 'is too short to be a signing secret' }).optional(),
  SLACK_APP_TOKEN: z
    .string()
    .startsWith('xapp-', { error: 'must be an app-level token starting with xapp-' })
    .optional(),
  SLACK_API_URL: z.url({ error: 'must be a URL such as https://slack.com/api/' }).default('https://slack.com/api/'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, { error: 'must be a postgres:// or postgresql:// URL' })
    .optional(),
  DATA_DIR: z.string().min(1).default('./data'),
  PORT: wholeNumber(0, 65535, 3000, 'a port number'),
  ASK_CHANNEL: z.string().regex(CHANNEL_ID, { error: 'must be a channel id such as C0123456789' }).optional(),
  VOLUNTEER_REACTION: z
    .string()
    .transform(bareEmoji)
    .pipe(z.string().regex(EMOJI_NAME, { error: 'must be an emoji name such as raising_hand' }))
    .default('raising_hand'),
  MATCH_NOTIFY: z.enum(['thread', 'dm'], { error: 'must be thread or dm' }).default('thread'),
  MATCH_NOTIFY_LIMIT: wholeNumber(0, 20, 5),
  /** Most asks one person is told about in a week (match DMs and mentions); past it the next-best is told. */
  MATCH_NOTICES_PER_WEEK: wholeNumber(1, 1000, 3),
  DIGEST_AUDIENCE: z.enum(['active', 'all'], { error: 'must be active or all' }).default('active'),
  REMINDER_AFTER_HOURS: positive('hours', 48),
  ASK_EXPIRY_DAYS: positive('days', 30),
  /** Days someone may be on an ask (Go with @X) before the one "Still on it?" DM. */
  CLAIM_NUDGE_DAYS: positive('days', 7),
  /** Days after someone first offered to help before the asker's one "Did they help?" check-in DM. */
  CHECK_IN_DAYS: positive('days', 5),
  /** Asks one person may post in an hour; past it they are asked to wait. */
  ASKS_PER_HOUR: wholeNumber(1, 1000, 10),
  /** Whether guests (multi- or single-channel) may use /ask; a workspace admin may change it. */
  GUESTS_MAY_ASK: z
    .enum(['true', 'false'], { error: 'must be true or false' })
    .default('false')
    .transform((v) => v === 'true'),
  /** Days a thread reply's text is kept after its ask closes; then only its author and time remain. */
  REPLY_RETENTION_DAYS: positive('days', 90),
  /** Days a workspace's data is kept after it uninstalls the app; a reinstall within them keeps it. */
  UNINSTALL_GRACE_DAYS: positive('days', 30),
  DIGEST_CRON: z
    .string()
    .regex(/^\S+(\s+\S+){4,5}$/, { error: 'must be a cron expression such as "0 9 * * 1"' })
    .default('0 9 * * 1'),
  DIGEST_TIMEZONE: z
    .string()
    .refine(isTimeZone, { error: 'must be an IANA time zone such as Europe/London' })
    .default('UTC'),
  /** Minutes between refreshes of the talent map's snapshots (0: never; the map is then counted when first read). */
  TALENT_SNAPSHOT_MINUTES: wholeNumber(0, 60, 5),
  /** How often a digest run logs its progress as JSON (tests shorten it). */
  DIGEST_PROGRESS_INTERVAL_MS: wholeNumber(10, 3_600_000, 10_000),
  LOG_LEVEL: z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }).default('info'),
});

export type Env = z.output<typeof schema>;

const OAUTH_VARS = ['SLACK_CLIENT_ID', 'SLACK_CLIENT_SECRET', 'SLACK_STATE_SECRET'] as const;

export interface OAuthSettings {
  clientId: string;
  clientSecret: string;
  stateSecret: string;
}

/** Distribution to many workspaces: the OAuth app credentials, when there is no single bot token. */
export function oauthOf(env: Env): OAuthSettings | undefined {
  if (env.SLACK_BOT_TOKEN || !env.SLACK_CLIENT_ID || !env.SLACK_CLIENT_SECRET || !env.SLACK_STATE_SECRET)
    return undefined;
  return { clientId: env.SLACK_CLIENT_ID, clientSecret: env.SLACK_CLIENT_SECRET, stateSecret: env.SLACK_STATE_SECRET };
}

export class ConfigError extends Error {
  readonly code = 'config_error';
  constructor(readonly lines: string[]) {
    super(lines.join('\n'));
  }
}

/** The process environment, with ./.env loaded underneath it when there is one. */
function processEnv(): Record<string, string | undefined> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  return process.env;
}

/** Validates configuration; the error lists one line per bad variable and never echoes a value. */
export function loadEnv(raw: Record<string, string | undefined> = processEnv()): Env {
  // A variable set to nothing is unset, so `PORT=` in a .env file means the default.
  const source = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined && v.trim() !== ''));
  const result = schema.safeParse(source);
  const lines = result.success
    ? []
    : result.error.issues.map((issue) => `${String(issue.path[0] ?? 'configuration')} ${issue.message}`);
  if (!source.SLACK_APP_TOKEN && !source.SLACK_SIGNING_SECRET) {
    lines.push('SLACK_SIGNING_SECRET is required in HTTP mode (or set SLACK_APP_TOKEN for Socket Mode)');
  }
  if (!source.SLACK_BOT_TOKEN) {
    const missing = OAUTH_VARS.filter((name) => !source[name]);
    if (missing.length === OAUTH_VARS.length) {
      lines.push(
        'SLACK_BOT_TOKEN is required (the Bot User OAuth Token, xoxb-…), ' +
          'or set SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET to install in many workspaces',
      );
    } else {
      for (const name of missing)
        lines.push(`${name} is required to install in many workspaces (or set SLACK_BOT_TOKEN for one workspace)`);
    }
    if (source.SLACK_APP_TOKEN)
      lines.push(
        'SLACK_APP_TOKEN: installing in many workspaces needs HTTP mode; unset it and set SLACK_SIGNING_SECRET',
      );
  }
  if (!result.success || lines.length > 0) throw new ConfigError([...new Set(lines)]);
  return result.data;
}
