import type { ServerResponse } from 'node:http';
import { App, type CustomRoute } from '@slack/bolt';
import type { Database } from '../db/client.js';
import type { Env } from '../env.js';
import { authOptions } from '../installations/oauth.js';
import { boltLogger, type Logger } from '../logger.js';
import { backlog } from '../runtime/backlog.js';
import { type Inbox, routeThroughInbox } from '../runtime/inbox.js';
import { Inflight } from '../runtime/inflight.js';
import { serveMetrics } from '../runtime/metrics.js';
import type { Presence } from '../runtime/presence.js';
import { clientOptions } from './client.js';
import { handleErrors } from './errors.js';
import { buildReceiver } from './receiver.js';

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

/**
 * The Bolt app over a socket or HTTP; features register on it and never know which. Every request
 * that causes work goes through the inbox before its ack (see runtime/inbox.ts).
 */
export function buildSlackApp(
  env: Env,
  database: Database,
  log: Logger,
  presence: Presence,
): { app: App; inflight: Inflight; inbox: Inbox } {
  const auth = authOptions(env, database.db, log);
  const boltLog = boltLogger(log);
  const customRoutes: CustomRoute[] = [
    { path: '/healthz', method: ['GET'], handler: (_req, res) => void health(database, res) },
    { path: '/metrics', method: ['GET'], handler: (_req, res) => void serveMetrics(res) },
  ];
  const webApiOptions = clientOptions(env, log);
  const receiver = buildReceiver(env, auth, webApiOptions, customRoutes, boltLog, log.child({ module: 'slack' }));
  const app = new App({
    ...(auth.token ? { token: auth.token } : {}),
    receiver,
    clientOptions: webApiOptions,
    logger: boltLog,
    extendedErrorHandler: true,
  });
  const inflight = new Inflight();
  const inbox = routeThroughInbox(app, database.db, presence, inflight, log.child({ module: 'inbox' }));
  app.use(handleErrors(app, log.child({ module: 'slack' })));
  app.use(backlog.events());
  return { app, inflight, inbox };
}
