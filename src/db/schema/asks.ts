import { relations, sql } from 'drizzle-orm';
import {
  boolean,
  date,
  index,
  pgEnum,
  pgTable,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { workspaceColumns } from './columns.js';
import { replies } from './replies.js';
import { volunteers } from './volunteers.js';

export const askStatus = pgEnum('ask_status', ['open', 'resolved', 'deleted', 'expired']);

export const asks = pgTable(
  'asks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ...workspaceColumns(),
    askerId: text('asker_id').notNull(),
    channelId: text('channel_id').notNull(),
    // Null until the broadcast is posted; such rows are never shown or matched.
    messageTs: text('message_ts'),
    permalink: text('permalink'),
    /** Posted in a private channel: then only its members may read it, so digests and Home tabs leave it out. */
    isPrivate: boolean('is_private').notNull().default(false),
    /** Posted in a channel shared with another organisation: its matches are never named in its thread. */
    externallyShared: boolean('externally_shared').notNull().default(false),
    text: text('text').notNull(),
    details: text('details'),
    deadline: date('deadline'),
    /** Skills the ask wants: chosen in the form and matched from its text. */
    skills: text('skills').array().notNull().default([]),
    status: askStatus('status').notNull().default('open'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    resolvedBy: text('resolved_by'),
    /** Set when the one reminder for an ask nobody volunteered for went out. */
    remindedAt: timestamp('reminded_at', { withTimezone: true }),
    /** The inbox key of the request that made it: the same request run again finds this ask. */
    requestKey: text('request_key'),
    /** Posted as "Someone asks": asker_id is never shown to anyone but the asker. */
    anonymous: boolean('anonymous').notNull().default(false),
    /** The volunteer the asker went with ("@X is on it"); null when nobody has taken it on. */
    claimedBy: text('claimed_by'),
    claimedAt: timestamp('claimed_at', { withTimezone: true }),
    /** Set when the one "Still on it?" DM to claimed_by was owed. */
    claimNudgedAt: timestamp('claim_nudged_at', { withTimezone: true }),
    /** How many steps of the escalation ladder have run (0 to 3); each is claimed by moving this on. */
    escalationStep: smallint('escalation_step').notNull().default(0),
    /** The asker's one living DM about this ask (updated in place as volunteers come and go). */
    askerDmChannel: text('asker_dm_channel'),
    askerDmTs: text('asker_dm_ts'),
    /** Set when the one "Did they help?" check-in DM to the asker was owed (CHECK_IN_DAYS). */
    checkedInAt: timestamp('checked_in_at', { withTimezone: true }),
    /** Last edited by the asker; the broadcast and the digest follow the edit. */
    editedAt: timestamp('edited_at', { withTimezone: true }),
    /** Skills found from a weak signal only: not shown publicly nor matched until the asker says OK. */
    heldSkills: text('held_skills').array().notNull().default([]),
  },
  (t) => [
    uniqueIndex('asks_message_idx').on(t.teamId, t.channelId, t.messageTs),
    index('asks_team_status_idx').on(t.teamId, t.status, t.createdAt),
    index('asks_asker_idx').on(t.teamId, t.askerId),
    uniqueIndex('asks_request_idx').on(t.requestKey),
    // "Asked before": earlier asks found by full-text rank.
    index('asks_text_search_idx').using('gin', sql`to_tsvector('english', ${t.text})`),
  ],
);

export const asksRelations = relations(asks, ({ many }) => ({
  volunteers: many(volunteers),
  replies: many(replies),
}));
