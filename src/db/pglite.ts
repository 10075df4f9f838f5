import { mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { sql } from 'drizzle-orm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { type Database, type Db, migrationsFolder } from './client.js';
import * as schema from './schema/index.js';

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
        `DATA_DIR ${dataDir} is in use by process ${holder}; the embedded database allows one process at a time. ` +
          'Stop it, or use PostgreSQL (DATABASE_URL).',
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
  let turns: Promise<unknown> = Promise.resolve();
  return {
    db: db as unknown as Db,
    kind: 'pglite',
    migrate: () => migratePglite(db, { migrationsFolder }),
    async ping() {
      await db.execute(sql`select 1`);
    },
    // One session for everything: two holders at once could not tell each other from the dead
    // (its advisory locks are re-entrant), so holders take turns.
    withSessionLock(key, fn) {
      const held = turns.then(async () => {
        await db.execute(sql`select pg_advisory_lock(${key.toString()}::bigint)`);
        try {
          return await fn();
        } finally {
          await db.execute(sql`select pg_advisory_unlock(${key.toString()}::bigint)`);
        }
      });
      turns = held.catch(() => {});
      return held;
    },
    async close() {
      await client.close();
      unlock();
    },
  };
}
