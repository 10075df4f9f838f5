import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { SQL } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import * as schema from './schema/index.js';
import { replyWatchdog } from './watchdog.js';

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

/**
 * Timeouts, for a bot that must answer Slack within 3 s and tell the user to try again rather
 * than leave them waiting. Values in the URL's query (?statement_timeout=…) win over these.
 * - connect_timeout 3 s: a new connection takes milliseconds, or a few hundred with TLS far away;
 *   one that has not logged in by then is to a database that is not there.
 * - idle_timeout 30 s: an unused connection is closed before a NAT or load balancer silently
 *   forgets it (the presence heartbeat keeps one warm).
 * - statement_timeout 5 s (server side): request queries take milliseconds (matching under 20 ms
 *   at 100,000 people), the whole digest plan under 2 s at 20,000; anything longer is stuck behind a
 *   lock or runaway, and would hold a connection of the pool. Longer work says so itself (SET
 *   LOCAL statement_timeout in its transaction), as migrations do through their own connections.
 * - idle_in_transaction_session_timeout 30 s: a transaction whose client went quiet (crashed, or
 *   cut off) gives back its row locks; the longest wait inside one of ours is a token refresh
 *   call to Slack, 10 s at most.
 * - The reply watchdog: a query the server never answers (packets dropped, so statement_timeout
 *   cannot fire) fails after some 2 s of silence once a probe finds the server unreachable,
 *   instead of waiting for the OS's TCP timeout; see ./watchdog.ts.
 * - Reconnect backoff at most 1 s: postgres.js's default grows with every failed connection of the
 *   pool (3^n / 100 s, up to 20 s) and only resets on a good one, so after an outage of a few
 *   seconds the pool kept failing requests for up to half a minute after the database was back.
 */
const TIMEOUTS = { connect_timeout: 3, idle_timeout: 30 } as const;
const SERVER_TIMEOUTS = { statement_timeout: 5_000, idle_in_transaction_session_timeout: 30_000 } as const;
const WATCHDOG = { silenceMs: 2_000, probeMs: 1_500, connectMs: TIMEOUTS.connect_timeout * 1000 } as const;
// A migration may build an index over millions of rows, or wait for another replica's migrations.
const MIGRATION_STATEMENT_TIMEOUT_MS = 15 * 60_000;

/** postgres.js's own backoff (jittered, tripling), capped at 1 s instead of 20. */
function reconnectDelaySeconds(failures: number): number {
  return (0.5 + Math.random() / 2) * Math.min(3 ** failures / 100, 1);
}

function options(statementTimeoutMs: number, max: number) {
  const chosen = {
    max,
    ...TIMEOUTS,
    connection: { ...SERVER_TIMEOUTS, statement_timeout: statementTimeoutMs },
    // postgres.js's documented "custom socket" option (missing from its types).
    socket: replyWatchdog(WATCHDOG).socket,
    onnotice: () => {},
    backoff: reconnectDelaySeconds,
  };
  return chosen as postgres.Options<Record<string, postgres.PostgresType>>;
}

export function connectPostgres(url: string): Database {
  const client = postgres(url, options(SERVER_TIMEOUTS.statement_timeout, 10));
  const db = drizzlePostgres(client, { schema });
  return {
    db: db as unknown as Db,
    kind: 'postgres',
    async migrate() {
      // Connections of their own, without the pool's statement timeout: a lock and a migrator.
      const own = postgres(url, options(MIGRATION_STATEMENT_TIMEOUT_MS, 2));
      try {
        const lock = await own.reserve();
        try {
          await lock`select pg_advisory_lock(${MIGRATION_LOCK})`;
          await migratePostgres(drizzlePostgres(own, { schema }), { migrationsFolder });
        } finally {
          await lock`select pg_advisory_unlock(${MIGRATION_LOCK})`.catch(() => {});
          lock.release();
        }
      } finally {
        await own.end({ timeout: 5 });
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
