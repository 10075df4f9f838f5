import { bigint, pgTable, timestamp } from 'drizzle-orm/pg-core';

/**
 * Running bot processes, each seen every few seconds. An event claimed by a process that has
 * gone quiet (killed, crashed) is taken over by Slack's retry at once instead of being dropped.
 */
export const botProcesses = pgTable('bot_processes', {
  key: bigint('key', { mode: 'bigint' }).primaryKey(),
  startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
  seenAt: timestamp('seen_at', { withTimezone: true }).notNull().defaultNow(),
});
