import { text } from 'drizzle-orm/pg-core';

/** The workspace a row belongs to: every table holding anyone's data carries these. */
export const workspaceColumns = () => ({
  teamId: text('team_id').notNull(),
  enterpriseId: text('enterprise_id'),
});
