import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { connectPostgres, type Database } from '../../src/db/client.js';
import { connectPglite } from '../../src/db/pglite.js';

/** The PostgreSQL server tests run against, or undefined for embedded PGlite. */
export const serverUrl = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || undefined;

export interface FreshDatabase {
  database: Database;
  url: string | undefined;
  drop(): Promise<void>;
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** A brand-new empty database: in-memory PGlite, or a new database on the test server. */
export async function freshDatabase(): Promise<FreshDatabase> {
  if (!serverUrl) {
    const database = connectPglite();
    return { database, url: undefined, drop: () => database.close() };
  }
  const name = `wch_test_${randomBytes(6).toString('hex')}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = withDatabase(serverUrl, name);
  const database = connectPostgres(url);
  return {
    database,
    url,
    async drop() {
      await database.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}
