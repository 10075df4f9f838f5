import { boolean, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { workspaceColumns } from './columns.js';

/**
 * What a workspace admin changed from the App Home; unset columns fall back to the environment.
 * An empty ask_channel is a choice too: the channel /ask is used in, whatever ASK_CHANNEL says.
 */
export const workspaceSettings = pgTable('workspace_settings', {
  teamId: text('team_id').primaryKey(),
  enterpriseId: workspaceColumns().enterpriseId,
  askChannel: text('ask_channel'),
  volunteerReaction: text('volunteer_reaction'),
  /** Whether guests may use /ask (they never see members' asks or skills either way). */
  guestsMayAsk: boolean('guests_may_ask'),
  /** Whether people may ask anonymously (null: allowed). */
  anonymousAsks: boolean('anonymous_asks'),
  /** Enterprise Grid: asks may match people in the org's other workspaces (set by an org admin). */
  crossWorkspaceMatching: boolean('cross_workspace_matching'),
  /** The weekly spotlight's channel; null: no spotlight. */
  spotlightChannel: text('spotlight_channel'),
  updatedBy: text('updated_by').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
