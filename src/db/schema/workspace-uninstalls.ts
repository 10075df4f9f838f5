import { pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { workspaceColumns } from './columns.js';

/**
 * Workspaces (or Grid orgs) that uninstalled the app: all their rows are deleted once
 * UNINSTALL_GRACE_DAYS have passed; a reinstall within them removes the row and keeps the data.
 */
export const workspaceUninstalls = pgTable('workspace_uninstalls', {
  teamId: text('team_id').primaryKey(),
  enterpriseId: workspaceColumns().enterpriseId,
  uninstalledAt: timestamp('uninstalled_at', { withTimezone: true }).notNull().defaultNow(),
});
