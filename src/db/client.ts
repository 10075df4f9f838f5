import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { SQL } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import * as schema from './schema/index.js';

/** Either driver's database, or a transaction on it: queries take this first. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

/** A random positive 63-bit key: a digest run's advisory lock, a bot process's name. */
export const randomKey = () => BigInt.asIntN(64, randomBytes(8).readBigUInt64BE()) & 0x7fffffffffffffffn;

export interface Database {
  db: Db;
  kind: 'postgres' | 'pglite';
  migrate(): Promise<void>;
  ping(): Promise<void>;
  /**
   * Runs fn holding a session-level advisory lock; others can tell the holder is alive while it runs.
   * One holder per session at a time.
   */
  withSessionLock<T>(key: bigint, fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export const migrationsFolder = fileURLToPath(new URL('../../drizzle', import.meta.url));
// Any fixed number: replicas starting together queue on it instead of racing the migrations.
const MIGRATION_LOCK = 727_274_001;

export function connectPostgres(url: string): Database {
  const client = postgres(url, { max: 10, connect_timeout: 5, idle_timeout: 30, onnotice: () => {} });
  const db = drizzlePostgres(client, { schema });
  return {
    db: db as unknown as Db,
    kind: 'postgres',
    async migrate() {
      const lock = await client.reserve();
      try {
        await lock`select pg_advisory_lock(${MIGRATION_LOCK})`;
        await migratePostgres(db, { migrationsFolder });
      } finally {
        await lock`select pg_advisory_unlock(${MIGRATION_LOCK})`.catch(() => {});
        lock.release();
      }
    },
    async ping() {
      await client`select 1`;
    },
    async withSessionLock(key, fn) {
      const held = await client.reserve();
      try {
        await held`select pg_advisory_lock(${key.toString()}::bigint)`;
        return await fn();
      } finally {
        await held`select pg_advisory_unlock(${key.toString()}::bigint)`.catch(() => {});
        held.release();
      }
    },
    close: () => client.end({ timeout: 5 }),
  };
}

/** Rows of a raw query, whichever driver ran it (postgres.js returns an array, PGlite { rows }). */
export async function rowsOf<T>(db: Db, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown;
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

/** PostgreSQL at the URL, else embedded PGlite in dataDir (loaded only then: it costs some 40 MB). */
export async function connect(databaseUrl: string | undefined, dataDir: string | undefined): Promise<Database> {
  return databaseUrl ? connectPostgres(databaseUrl) : (await import('./pglite.js')).connectPglite(dataDir);
}
