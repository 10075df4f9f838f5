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

/** Slack tokens of every kind: bot, user, app-level, refresh (xoxe-) and rotated (xoxe.xoxp-). */
const TOKEN = /\b((?:xoxe\.)?xox[abpre]-|xapp-)[A-Za-z0-9-]+/g;
const redactTokens = (text: string) => text.replace(TOKEN, '$1[redacted]');

const PARAMS = '\nparams: ';
const FRAME = '\n    at ';

/**
 * drizzle's failed-query message ends "params: <every parameter>": installation JSON with its
 * tokens, an ask's text. Keep the query, drop what follows it (up to a stack's first frame).
 */
function cutParams(text: string): string {
  let out = text;
  for (let i = out.indexOf(PARAMS); i >= 0; i = out.indexOf(PARAMS, i + PARAMS.length)) {
    const frame = out.indexOf(FRAME, i);
    out = `${out.slice(0, i)}${PARAMS}[dropped]${frame < 0 ? '' : out.slice(frame)}`;
  }
  return out;
}

/** What any logged string goes through. */
export const clean = (text: string) => redactTokens(cutParams(text));

/**
 * Carried by database errors and never logged: a query's parameters (drizzle's `params`,
 * postgres.js's `parameters`, PGlite's `params`), the statement with its values, and the server's
 * `detail`/`where`, which quote the failing row ("Failing row contains (...)").
 */
const DROPPED = new Set(['params', 'parameters', 'query', 'queryOptions', 'args', 'types', 'detail', 'where']);
const DEPTH = 6;

function sanitize(value: unknown, depth: number, seen: WeakSet<object>): unknown {
  if (typeof value === 'string') return clean(value);
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value) || depth > DEPTH) return '[…]';
  seen.add(value);
  if (value instanceof Error) return errorOf(value, depth, seen);
  if (Array.isArray(value)) return value.map((v) => sanitize(v, depth + 1, seen));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (!DROPPED.has(k)) out[k] = sanitize(v, depth + 1, seen);
  return out;
}

function errorOf(err: Error, depth: number, seen: WeakSet<object>): Record<string, unknown> {
  const message = clean(String(err.message ?? ''));
  // The stack repeats the message: swap in the cleaned one before cutting what is left.
  const stack = err.stack ? clean(err.stack.replace(String(err.message ?? ''), () => message)) : undefined;
  const out: Record<string, unknown> = { type: err.constructor?.name ?? err.name, message, stack };
  for (const [k, v] of Object.entries(err)) {
    if (!DROPPED.has(k) && !(k in out)) out[k] = sanitize(v, depth + 1, seen);
  }
  // Native causes are not enumerable.
  if (err.cause !== undefined && out.cause === undefined) out.cause = sanitize(err.cause, depth + 1, seen);
  return out;
}

/** The one error serializer: whatever an error carries, no query parameters, row values or tokens. */
export const serializeError = (value: unknown): unknown => sanitize(value, 0, new WeakSet());

/** Last line of defence on the written JSON: tokens anywhere, and a params tail a serializer never saw. */
const PARAMS_IN_JSON = /\\nparams: (?!\[dropped\])(?:(?!\\n {4}at )(?:[^"\\]|\\.))*/g;
const scrubLine = (line: string) => redactTokens(line.replace(PARAMS_IN_JSON, '\\nparams: [dropped]'));

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      redact: { paths: REDACT, censor: '[redacted]' },
      base: { service: 'who-can-help' },
      serializers: { err: serializeError, error: serializeError, cause: serializeError },
      hooks: {
        // log.error(err) takes err.message as the line's message: clean it, and every string argument.
        logMethod(args, method) {
          const [first, ...rest] = args as unknown[];
          const strings = rest.map((a) => (typeof a === 'string' ? clean(a) : a));
          if (typeof first === 'string')
            return method.apply(this, [clean(first), ...strings] as Parameters<typeof method>);
          if (first instanceof Error && typeof rest[0] !== 'string')
            return method.apply(this, [first, clean(first.message), ...strings] as Parameters<typeof method>);
          return method.apply(this, [first, ...strings] as Parameters<typeof method>);
        },
        streamWrite: scrubLine,
      },
    },
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
const SECRET_FIELDS = 'client_secret|refresh_token|refreshToken|access_token|bot_token|botToken|token|code';
const SECRETS = new RegExp(`("?(?:${SECRET_FIELDS})"?\\s*[:=]\\s*"?)[^"&,\\s}]+`, 'g');
const scrub = (text: string) => clean(text).replace(SECRETS, '$1[redacted]');

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
