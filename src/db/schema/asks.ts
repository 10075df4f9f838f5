import { relations } from 'drizzle-orm';
import { boolean, date, index, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
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
  },
  (t) => [
    uniqueIndex('asks_message_idx').on(t.teamId, t.channelId, t.messageTs),
    index('asks_team_status_idx').on(t.teamId, t.status, t.createdAt),
    index('asks_asker_idx').on(t.teamId, t.askerId),
    uniqueIndex('asks_request_idx').on(t.requestKey),
  ],
);

export const asksRelations = relations(asks, ({ many }) => ({
  volunteers: many(volunteers),
  replies: many(replies),
}));
