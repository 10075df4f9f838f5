import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Db } from '../../src/db/client.js';
import { connectPglite } from '../../src/db/pglite.js';
import { newSigningSecret } from './bot-process.js';
import { type FreshDatabase, freshDatabase } from './database.js';

/** A database for bot processes a test starts and kills: PostgreSQL when configured, else a PGlite folder. */
export interface ProcessDatabase {
  /** Their environment: the signing secret, the emulator, and where the database is. */
  env: Record<string, string> & { SLACK_SIGNING_SECRET: string; SLACK_API_URL: string };
  /** PostgreSQL (true): the test may read it while a bot runs. */
  shared: boolean;
  /** The bot's database, from the test: PGlite allows one process at a time, so only while no bot runs. */
  withDb<T>(fn: (db: Db) => Promise<T>): Promise<T>;
  drop(): Promise<void>;
}

export async function processDatabase(slackApiUrl: string): Promise<ProcessDatabase> {
  let fresh: FreshDatabase | undefined;
  let dataDir: string | undefined;
  if (process.env.TEST_DATABASE_URL || process.env.DATABASE_URL) fresh = await freshDatabase();
  else dataDir = mkdtempSync(join(tmpdir(), 'wch-process-'));
  return {
    env: {
      SLACK_SIGNING_SECRET: newSigningSecret(),
      SLACK_API_URL: slackApiUrl,
      ...(fresh ? { DATABASE_URL: fresh.url! } : { DATA_DIR: dataDir! }),
    },
    shared: Boolean(fresh),
    async withDb(fn) {
      if (fresh) return fn(fresh.database.db);
      const database = connectPglite(dataDir);
      try {
        return await fn(database.db);
      } finally {
        await database.close();
      }
    },
    async drop() {
      await fresh?.drop();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
