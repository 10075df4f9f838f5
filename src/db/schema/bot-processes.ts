import { bigint, pgTable, timestamp } from 'drizzle-orm/pg-core';

/**
 * Running bot processes, each seen every few seconds. What a process that has gone quiet (killed,
 * crashed) claimed in the inbox or outbox is taken over by the others.
 */
export const botProcesses = pgTable('bot_processes', {
  key: bigint('key', { mode: 'bigint' }).primaryKey(),
  startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
  seenAt: timestamp('seen_at', { withTimezone: true }).notNull().defaultNow(),
});
