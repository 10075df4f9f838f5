import type { Installation, InstallationQuery, InstallationStore } from '@slack/oauth';
import { and, eq, lt, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { installations, workspaceUninstalls } from '../db/schema/index.js';
import { slackErrorCode } from '../slack/errors.js';
import { DEAD_REFRESH, type Refresh } from './rotation.js';
import { enterpriseWorkspaces } from './workspaces.js';

const keyOf = (
  isEnterpriseInstall: boolean | undefined,
  teamId: string | undefined,
  enterpriseId: string | undefined,
) => {
  if (isEnterpriseInstall && enterpriseId) return `enterprise:${enterpriseId}`;
  if (teamId) return `team:${teamId}`;
  throw new Error('an installation needs a team id or, installed org-wide, an enterprise id');
};

/** The rows that can answer for a workspace: its own install, else its org's org-wide install. */
const candidates = (q: InstallationQuery<boolean>) =>
  [
    q.isEnterpriseInstall ? undefined : q.teamId && `team:${q.teamId}`,
    q.enterpriseId && `enterprise:${q.enterpriseId}`,
  ].filter((k): k is string => Boolean(k));

export class NotInstalled extends Error {
  readonly code = 'not_installed';
}

/** Bolt refreshes a token within two hours of expiry; ours does it first, so Bolt never has to. */
const REFRESH_WITHIN_S = 3 * 3600;
const expiring = (i: Installation) =>
  Boolean(
    i.bot?.refreshToken && i.bot.expiresAt !== undefined && i.bot.expiresAt - Date.now() / 1000 < REFRESH_WITHIN_S,
  );

/**
 * Deletes an installation made before `before` (when Slack sent the uninstall; by default, any): a late retry of
 * the uninstall event must not delete the installation of an admin who has installed again since. True when
 * one was deleted.
 */
export async function forgetInstallation(
  db: Db,
  query: InstallationQuery<boolean>,
  before = new Date(8.64e15),
): Promise<boolean> {
  const [key] = candidates(query);
  if (!key) return false;
  const gone = await db
    .delete(installations)
    .where(and(eq(installations.key, key), lt(installations.updatedAt, before)))
    .returning({ key: installations.key });
  return gone.length > 0;
}

/**
 * The app was uninstalled: its installation goes now, and the workspace (or, for an org-wide
 * install, every workspace of the org that holds anything) is recorded, so retention deletes its
 * rows once UNINSTALL_GRACE_DAYS have passed. One transaction: an uninstall taken over after a
 * crash is never half done.
 */
export async function uninstall(db: Db, query: InstallationQuery<boolean>, before?: Date): Promise<void> {
  await db.transaction(async (tx) => {
    if (!(await forgetInstallation(tx, query, before))) return;
    const teams =
      query.isEnterpriseInstall && query.enterpriseId
        ? await enterpriseWorkspaces(tx, query.enterpriseId)
        : query.teamId
          ? [query.teamId]
          : [];
    if (teams.length === 0) return;
    await tx
      .insert(workspaceUninstalls)
      .values(teams.map((teamId) => ({ teamId, enterpriseId: query.enterpriseId ?? null })))
      .onConflictDoNothing();
  });
}

/** An install (again) within the grace period keeps the workspace's rows: nothing is waiting to delete them. */
async function reinstalled(db: Db, installation: Installation): Promise<void> {
  if (installation.isEnterpriseInstall && installation.enterprise?.id) {
    await db.delete(workspaceUninstalls).where(eq(workspaceUninstalls.enterpriseId, installation.enterprise.id));
  } else if (installation.team?.id) {
    await db.delete(workspaceUninstalls).where(eq(workspaceUninstalls.teamId, installation.team.id));
  }
}

/**
 * Bolt's installations in PostgreSQL; an install overwrites the row in one statement. With token
 * rotation, a token about to expire is refreshed here, under the row's lock: Slack revokes a
 * refresh token once used, so two requests (or replicas) refreshing at once would lose one.
 */
export function installationStore(db: Db, refresh?: Refresh): Required<InstallationStore> {
  const refreshed = (key: string) =>
    db.transaction(async (tx) => {
      const [row] = await tx
        .select({ installation: installations.installation })
        .from(installations)
        .where(eq(installations.key, key))
        .for('update');
      if (!row) throw new NotInstalled(`no installation for ${key}`);
      const current = row.installation as Installation;
      if (!expiring(current)) return current;
      const fresh = await refresh!(current.bot!.refreshToken!).catch((err: unknown) => {
        const code = slackErrorCode(err);
        throw code && DEAD_REFRESH.has(code)
          ? new NotInstalled(`the installation for ${key} can no longer refresh its token (${code})`)
          : err;
      });
      const expiresAt = Math.floor(Date.now() / 1000) + fresh.expiresIn;
      const installation = {
        ...current,
        bot: { ...current.bot!, token: fresh.token, refreshToken: fresh.refreshToken, expiresAt },
      };
      await tx.update(installations).set({ installation, updatedAt: sql`now()` }).where(eq(installations.key, key));
      return installation;
    });

  return {
    async storeInstallation(installation) {
      const key = keyOf(installation.isEnterpriseInstall, installation.team?.id, installation.enterprise?.id);
      const row = {
        key,
        teamId: installation.team?.id ?? null,
        enterpriseId: installation.enterprise?.id ?? null,
        isEnterpriseInstall: Boolean(installation.isEnterpriseInstall),
        installation,
      };
      await db.transaction(async (tx) => {
        await tx
          .insert(installations)
          .values(row)
          .onConflictDoUpdate({ target: installations.key, set: { ...row, updatedAt: sql`now()` } });
        await reinstalled(tx, installation);
      });
    },

    async fetchInstallation(query) {
      const keys = candidates(query);
      for (const key of keys) {
        const [row] = await db
          .select({ installation: installations.installation })
          .from(installations)
          .where(eq(installations.key, key));
        if (row)
          return refresh && expiring(row.installation as Installation)
            ? refreshed(key)
            : (row.installation as Installation);
      }
      throw new NotInstalled(`no installation for ${keys.join(' or ') || 'an unidentified workspace'}`);
    },

    deleteInstallation: async (query) => void (await forgetInstallation(db, query)),
  };
}
