import { webApi } from '@slack/bolt';
import { InstallProvider } from '@slack/oauth';
import { isNotNull } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { installations } from '../db/schema/index.js';
import { type Env, oauthOf } from '../env.js';
import { boltLogger, type Logger } from '../logger.js';
import { clientOptions } from '../slack/client.js';
import type { Workspace } from '../slack/workspace.js';
import { storeFor } from './oauth.js';
import { NotInstalled } from './store.js';

/** Slack clients for work no request started (digest, reminders, expiry): one per workspace. */
export interface SlackClients {
  /** The bot's client in a workspace; undefined when the app is not installed there (any more). */
  forWorkspace(ws: Workspace): Promise<webApi.WebClient | undefined>;
  /** Workspaces the app is installed in (org-wide installs add theirs as their people show up). */
  installed(): Promise<Workspace[]>;
  /** One token for everything: when it dies, every call would fail the same way. */
  readonly single: boolean;
}

export function slackClients(env: Env, db: Db, log: Logger): SlackClients {
  const oauth = oauthOf(env);
  const options = clientOptions(env, log);
  if (!oauth) {
    const client = new webApi.WebClient(env.SLACK_BOT_TOKEN, options);
    return {
      single: true,
      forWorkspace: async () => client,
      async installed() {
        const own = await client.auth.test().catch(() => undefined);
        return own?.team_id ? [{ teamId: own.team_id, enterpriseId: own.enterprise_id ?? null }] : [];
      },
    };
  }
  // Bolt's own installer logic, so expiring tokens are refreshed (and stored) here as in listeners.
  const installer = new InstallProvider({
    ...oauth,
    installationStore: storeFor(oauth, env, db, log),
    clientOptions: options,
    logger: boltLogger(log),
  });
  const byToken = new Map<string, webApi.WebClient>();
  return {
    single: false,
    async forWorkspace(ws) {
      const auth = await installer
        .authorize({ teamId: ws.teamId, enterpriseId: ws.enterpriseId ?? undefined, isEnterpriseInstall: false })
        .catch((err: { original?: unknown }) => {
          if (err.original instanceof NotInstalled) return undefined;
          throw err;
        });
      const token = auth?.botToken;
      if (!token) return undefined;
      if (!byToken.has(token)) {
        if (byToken.size > 1000) byToken.clear();
        byToken.set(token, new webApi.WebClient(token, options));
      }
      return byToken.get(token);
    },
    async installed() {
      const rows = await db
        .select({ teamId: installations.teamId, enterpriseId: installations.enterpriseId })
        .from(installations)
        .where(isNotNull(installations.teamId));
      return rows.map((r) => ({ teamId: r.teamId!, enterpriseId: r.enterpriseId }));
    },
  };
}

/** The same clients, looking each workspace's token up once: for one run over many rows. */
export function forOneRun(clients: SlackClients): SlackClients {
  const seen = new Map<string, Promise<webApi.WebClient | undefined>>();
  return {
    ...clients,
    forWorkspace(ws) {
      if (!seen.has(ws.teamId)) seen.set(ws.teamId, clients.forWorkspace(ws));
      return seen.get(ws.teamId)!;
    },
  };
}
