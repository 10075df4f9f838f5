import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { connectPostgres, type Database } from '../src/db/client.js';

export interface Scratch {
  database: Database;
  url: string;
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
  return {
    database,
    url: url.toString(),
    async drop() {
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
