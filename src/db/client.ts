import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { sql, type SQL } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import * as schema from './schema';

/** Either driver's database, or a transaction on it: queries take this first. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

/** A random positive 63-bit key: a digest run's advisory lock, a bot process's name. */
export const randomKey = () => BigInt.asIntN(64, randomBytes(8).readBigUInt64BE()) & 0x7fffffffffffffffn;

export interface Database {
  db: Db;
  kind: 'postgres' | 'pglite';
  migrate(): Promise<void>;
  ping(): Promise<void>;
  /** Runs fn holding a session-level advisory lock; others can tell the holder is alive while it runs. */
  withSessionLock<T>(key: bigint, fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

const migrationsFolder = fileURLToPath(new URL('../../drizzle', import.meta.url));
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

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * PGlite is one process's database: a second process on the same folder (npm run digest beside
 * npm start) would corrupt it. A pid file makes the second one stop with a clear message.
 */
function lockDataDir(dataDir: string): () => void {
  const file = join(dataDir, 'who-can-help.pid');
  try {
    writeFileSync(file, String(process.pid), { flag: 'wx' });
  } catch {
    const holder = Number(readFileSync(file, 'utf8'));
    if (holder && holder !== process.pid && alive(holder)) {
      throw new Error(
        `DATA_DIR ${dataDir} is in use by process ${holder}; the embedded database allows one process at a time. Stop it, or use PostgreSQL (DATABASE_URL).`,
      );
    }
    writeFileSync(file, String(process.pid));
  }
  return () => {
    try {
      unlinkSync(file);
    } catch {
      // already gone
    }
  };
}

/** dataDir undefined keeps the database in memory (tests). */
export function connectPglite(dataDir?: string): Database {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const unlock = dataDir ? lockDataDir(dataDir) : () => {};
  const client = new PGlite({ dataDir, extensions: { pg_trgm } });
  const db = drizzlePglite(client, { schema });
  return {
    db: db as unknown as Db,
    kind: 'pglite',
    migrate: () => migratePglite(db, { migrationsFolder }),
    async ping() {
      await db.execute(sql`select 1`);
    },
    async withSessionLock(key, fn) {
      await db.execute(sql`select pg_advisory_lock(${key.toString()}::bigint)`);
      try {
        return await fn();
      } finally {
        await db.execute(sql`select pg_advisory_unlock(${key.toString()}::bigint)`);
      }
    },
    async close() {
      await client.close();
      unlock();
    },
  };
}

/** Rows of a raw query, whichever driver ran it (postgres.js returns an array, PGlite { rows }). */
export async function rowsOf<T>(db: Db, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown;
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}

export function connect(databaseUrl: string | undefined, dataDir: string | undefined): Database {
  return databaseUrl ? connectPostgres(databaseUrl) : connectPglite(dataDir);
}
