import { type Logger as BoltLogger, LogLevel } from '@slack/bolt';
import { type Logger, pino } from 'pino';

export type { Logger };

const REDACT = [
  'token',
  'botToken',
  'appToken',
  'signingSecret',
  'clientSecret',
  'stateSecret',
  'refreshToken',
  'password',
  '*.token',
  '*.botToken',
  '*.appToken',
  '*.signingSecret',
  '*.clientSecret',
  '*.stateSecret',
  '*.refreshToken',
  '*.password',
  'headers.authorization',
  '*.headers.authorization',
  'env.SLACK_BOT_TOKEN',
  'env.SLACK_SIGNING_SECRET',
  'env.SLACK_APP_TOKEN',
  'env.SLACK_CLIENT_SECRET',
  'env.SLACK_STATE_SECRET',
  'env.DATABASE_URL',
];

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    { level, redact: { paths: REDACT, censor: '[redacted]' }, base: { service: 'who-can-help' } },
    destination,
  );
}

const toPino: Record<LogLevel, string> = {
  [LogLevel.DEBUG]: 'debug',
  [LogLevel.INFO]: 'info',
  [LogLevel.WARN]: 'warn',
  [LogLevel.ERROR]: 'error',
};

/** Bolt and its Web API client log through pino, so every line is JSON and redacted. */
// The Web API client logs request bodies at debug as plain text, OAuth secrets included.
const SECRETS = /("?(?:client_secret|refresh_token|code)"?\s*[:=]\s*"?)[^"&,\s}]+/g;
const scrub = (text: string) => text.replace(SECRETS, '$1[redacted]');

export function boltLogger(root: Logger): BoltLogger {
  let log = root.child({ module: 'bolt' });
  const write =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (...msg: unknown[]) => {
      const [first, ...rest] = msg;
      if (first instanceof Error) log[level]({ err: first }, scrub(rest.map(String).join(' ') || first.message));
      else log[level](scrub(msg.map((m) => (typeof m === 'string' ? m : JSON.stringify(m))).join(' ')));
    };
  return {
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    setLevel: () => {},
    getLevel: () => (Object.entries(toPino).find(([, v]) => v === log.level)?.[0] as LogLevel) ?? LogLevel.INFO,
    setName: (name: string) => {
      log = root.child({ module: name });
    },
  };
}
