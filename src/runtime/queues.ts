import { isNull, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Db } from '../db/client.js';
import { inbox, outbox } from '../db/schema/index.js';
import type { Queues } from './metrics.js';

/** Items of a queue not yet done, and how long the oldest has waited. */
async function pending(db: Db, table: typeof inbox | typeof outbox, since: AnyPgColumn, doneAt: AnyPgColumn) {
  const [row] = await db
    .select({
      depth: sql<number>`count(*)::int`,
      oldestSeconds: sql<number>`coalesce(extract(epoch from now() - min(${since})), 0)::float8`,
    })
    .from(table)
    .where(isNull(doneAt));
  return { depth: Number(row?.depth ?? 0), oldestSeconds: Number(row?.oldestSeconds ?? 0) };
}

/** The inbox (Slack requests) and outbox (notices owed), for /metrics. */
export async function queueFigures(db: Db): Promise<Queues> {
  return {
    inbox: await pending(db, inbox, inbox.receivedAt, inbox.doneAt),
    outbox: await pending(db, outbox, outbox.createdAt, outbox.doneAt),
  };
}
