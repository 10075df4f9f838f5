import { eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { workspaceSettings } from '../db/schema/index.js';
import type { Workspace } from '../slack/workspace.js';

export type SettingsRow = typeof workspaceSettings.$inferSelect;

export async function findSettings(db: Db, ws: Workspace): Promise<SettingsRow | null> {
  const [row] = await db.select().from(workspaceSettings).where(eq(workspaceSettings.teamId, ws.teamId));
  return row ?? null;
}

/** Writes the settings at once: '' as askChannel means the channel /ask is used in; null, the environment's. */
export async function saveSettings(
  db: Db,
  ws: Workspace,
  values: {
    askChannel: string | null;
    volunteerReaction: string | null;
    guestsMayAsk: boolean | null;
    /** null: allowed (the default); false: turned off. */
    anonymousAsks?: boolean | null;
    updatedBy: string;
  },
): Promise<SettingsRow> {
  const [row] = await db
    .insert(workspaceSettings)
    .values({ teamId: ws.teamId, enterpriseId: ws.enterpriseId ?? null, ...values })
    .onConflictDoUpdate({
      target: workspaceSettings.teamId,
      set: { ...values, enterpriseId: ws.enterpriseId ?? null, updatedAt: sql`now()` },
    })
    .returning();
  return row!;
}
