import {
  type AppOptions,
  type Logger as BoltLogger,
  type CustomRoute,
  defaultProcessEventErrorHandler,
  HTTPModuleFunctions,
  HTTPReceiver,
  type Receiver,
  SocketModeReceiver,
  type webApi,
} from '@slack/bolt';
import type { Env } from '../env.js';
import type { Logger } from '../logger.js';
import { MalformedRequest } from '../runtime/requests.js';

/**
 * Bolt's own receivers (HTTP, or Socket Mode with SLACK_APP_TOKEN), built here rather than by the
 * App only to replace their error handler: a signed request of a shape Slack never sends gets a
 * 400 and one warning from us, where Bolt would crash inside with a TypeError and answer 500.
 */
export function buildReceiver(
  env: Env,
  auth: AppOptions,
  clientOptions: webApi.WebClientOptions,
  customRoutes: CustomRoute[],
  boltLog: BoltLogger,
  log: Logger,
): Receiver {
  const { clientId, clientSecret, stateSecret, scopes, installationStore, installerOptions } = auth;
  // As the App would: its Web API client options reach the OAuth installer and the socket client.
  const oauth = {
    clientId,
    clientSecret,
    stateSecret,
    scopes,
    installationStore,
    installerOptions: { clientOptions, ...installerOptions },
  };
  const malformed = (error: Error) => {
    if (!(error instanceof MalformedRequest)) return false;
    log.warn({ what: error.what }, 'refused a malformed request from Slack');
    return true;
  };
  if (env.SLACK_APP_TOKEN) {
    return new SocketModeReceiver({
      appToken: env.SLACK_APP_TOKEN,
      ...oauth,
      installerOptions: { ...oauth.installerOptions, port: env.PORT },
      customRoutes,
      logger: boltLog,
      // Acknowledged: Slack sending it again would not make it any better.
      processEventErrorHandler: async (args) => malformed(args.error) || defaultProcessEventErrorHandler(args),
    });
  }
  return new HTTPReceiver({
    signingSecret: env.SLACK_SIGNING_SECRET!,
    endpoints: '/slack/events',
    customRoutes,
    ...oauth,
    logger: boltLog,
    processEventErrorHandler: async (args) => {
      if (!malformed(args.error)) return HTTPModuleFunctions.defaultProcessEventErrorHandler(args);
      args.response.writeHead(400, { 'content-type': 'application/json' });
      args.response.end(JSON.stringify({ ok: false, error: 'malformed_request' }));
      return false;
    },
    // Bolt's no-ack timer also fires for a request already answered (the 400 above): only log the rest.
    unhandledRequestHandler: (args) => {
      if (!args.response.headersSent) HTTPModuleFunctions.defaultUnhandledRequestHandler(args);
    },
  });
}
