import { eq, type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { type Database, randomKey } from '../db/client.js';
import { botProcesses } from '../db/schema/index.js';
import type { Logger } from '../logger.js';

const BEAT_MS = 5_000;
/** Unseen this long, a process is taken for dead: three missed beats. */
const GONE = sql`now() - interval '15 seconds'`;

/** This process among the bot's replicas: it says it is alive every few seconds. */
export interface Presence {
  key: bigint;
  /** Whether the process named in `claimant` is still running (SQL, for use inside a statement). */
  alive(claimant: AnyPgColumn): SQL;
  stop(): Promise<void>;
}

export async function startPresence(database: Database, log: Logger): Promise<Presence> {
  const { db } = database;
  const key = randomKey();
  const beat = () =>
    db
      .insert(botProcesses)
      .values({ key })
      .onConflictDoUpdate({ target: botProcesses.key, set: { seenAt: sql`now()` } });
  await beat();
  const timer = setInterval(() => {
    beat().catch((err) => log.warn({ err }, 'could not tell the database this process is alive'));
  }, BEAT_MS).unref();
  return {
    key,
    // PGlite belongs to one process at a time: any other claimant is a process that has ended.
    alive: (claimant) =>
      database.kind === 'pglite'
        ? sql`coalesce(${claimant} = ${key}, false)`
        : sql`exists (select 1 from ${botProcesses}
            where ${botProcesses.key} = ${claimant} and ${botProcesses.seenAt} > ${GONE})`,
    async stop() {
      clearInterval(timer);
      await db
        .delete(botProcesses)
        .where(eq(botProcesses.key, key))
        .catch(() => {});
    },
  };
}
