import type { ServerResponse } from 'node:http';
import { App } from '@slack/bolt';
import type { Database } from '../db/client.js';
import type { Env } from '../env.js';
import { authOptions } from '../installations/oauth.js';
import { boltLogger, type Logger } from '../logger.js';
import { backlog } from '../runtime/backlog.js';
import { dedupeEvents } from '../runtime/event-claims.js';
import { Inflight } from '../runtime/inflight.js';
import { serveMetrics } from '../runtime/metrics.js';
import type { Presence } from '../runtime/presence.js';
import { clientOptions } from './client.js';
import { handleErrors } from './errors.js';

const HEALTH_TIMEOUT_MS = 2000;

async function health(database: Database, res: ServerResponse): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('database ping timed out')), HEALTH_TIMEOUT_MS);
  });
  const ok = await Promise.race([database.ping(), timeout]).then(
    () => true,
    () => false,
  );
  clearTimeout(timer);
  res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ ok, database: ok ? 'up' : 'down' }));
}

/** The Bolt app over a socket or HTTP; features register on it and never know which. */
export function buildSlackApp(
  env: Env,
  database: Database,
  log: Logger,
  presence: Presence,
): { app: App; inflight: Inflight } {
  const socketMode = Boolean(env.SLACK_APP_TOKEN);
  const app = new App({
    ...authOptions(env, database.db, log),
    ...(socketMode
      ? { socketMode: true, appToken: env.SLACK_APP_TOKEN, installerOptions: { port: env.PORT } }
      : { signingSecret: env.SLACK_SIGNING_SECRET, endpoints: '/slack/events' }),
    customRoutes: [
      { path: '/healthz', method: ['GET'], handler: (_req, res) => void health(database, res) },
      { path: '/metrics', method: ['GET'], handler: (_req, res) => void serveMetrics(res) },
    ],
    clientOptions: clientOptions(env, log),
    logger: boltLogger(log),
    extendedErrorHandler: true,
  });
  const inflight = new Inflight();
  app.use(inflight.middleware());
  app.use(handleErrors(app, log.child({ module: 'slack' })));
  app.use(dedupeEvents(database.db, presence, log.child({ module: 'dedupe' })));
  app.use(backlog.events());
  return { app, inflight };
}
