import { randomBytes } from 'node:crypto';
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { connectPostgres, type Database, type Db } from '../src/db/client.js';

export interface Scratch {
  database: Database;
  url: string;
  /**
   * Connections for seeding, without the bot's 5 s statement timeout (a million rows take longer
   * than a request query may); `VACUUM` cannot run inside a transaction to lift it with SET LOCAL.
   */
  bulk(): Db;
  drop(): Promise<void>;
}

/** A new empty database on the server, dropped afterwards. */
export async function scratchDatabase(serverUrl: string): Promise<Scratch> {
  const name = `wch_bench_${randomBytes(4).toString('hex')}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = connectPostgres(url.toString());
  let bulk: postgres.Sql | undefined;
  return {
    database,
    url: url.toString(),
    bulk() {
      bulk ??= postgres(url.toString(), { max: 10, onnotice: () => {}, connection: { statement_timeout: 0 } });
      return drizzle(bulk) as unknown as Db;
    },
    async drop() {
      await bulk?.end({ timeout: 5 });
      await database.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

/** Runs work on a scratch database that is dropped whatever happens. */
export async function withScratchDatabase<T>(serverUrl: string, work: (scratch: Scratch) => Promise<T>): Promise<T> {
  const scratch = await scratchDatabase(serverUrl);
  try {
    return await work(scratch);
  } finally {
    await scratch.drop();
  }
}
