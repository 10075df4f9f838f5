import type { Installation, InstallationQuery, InstallationStore } from '@slack/oauth';
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { installations } from '../db/schema';

const keyOf = (isEnterpriseInstall: boolean | undefined, teamId: string | undefined, enterpriseId: string | undefined) => {
  if (isEnterpriseInstall && enterpriseId) return `enterprise:${enterpriseId}`;
  if (teamId) return `team:${teamId}`;
  throw new Error('an installation needs a team id or, installed org-wide, an enterprise id');
};

/** The rows that can answer for a workspace: its own install, else its org's org-wide install. */
const candidates = (q: InstallationQuery<boolean>) =>
  [q.isEnterpriseInstall ? undefined : q.teamId && `team:${q.teamId}`, q.enterpriseId && `enterprise:${q.enterpriseId}`].filter(
    (k): k is string => Boolean(k),
  );

export class NotInstalled extends Error {
  readonly code = 'not_installed';
}

/** Bolt's installations in PostgreSQL; an install or a token refresh overwrites the row in one statement. */
export function installationStore(db: Db): Required<InstallationStore> {
  return {
    async storeInstallation(installation) {
      const key = keyOf(installation.isEnterpriseInstall, installation.team?.id, installation.enterprise?.id);
      const row = {
        key,
        teamId: installation.team?.id ?? null,
        enterpriseId: installation.enterprise?.id ?? null,
        isEnterpriseInstall: Boolean(installation.isEnterpriseInstall),
        botUserId: installation.bot?.userId ?? null,
        installation,
      };
      await db
        .insert(installations)
        .values(row)
        .onConflictDoUpdate({ target: installations.key, set: { ...row, updatedAt: sql`now()` } });
    },

    async fetchInstallation(query) {
      const keys = candidates(query);
      for (const key of keys) {
        const [row] = await db.select({ installation: installations.installation }).from(installations).where(eq(installations.key, key));
        if (row) return row.installation as Installation;
      }
      throw new NotInstalled(`no installation for ${keys.join(' or ') || 'an unidentified workspace'}`);
    },

    async deleteInstallation(query) {
      const [key] = candidates(query);
      if (key) await db.delete(installations).where(eq(installations.key, key));
    },
  };
}
