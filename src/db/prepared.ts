import type { SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { Db } from './client.js';

const dialect = new PgDialect();

/**
 * Rows of a raw query run as a prepared statement: on PostgreSQL each connection parses it once
 * (postgres.js keeps it by its text), and with `plan_cache_mode = force_generic_plan` set in the
 * transaction, plans it once too. For statements run on every request whose planning costs more than
 * their running; their text must not vary with the values (pass lists as one JSON parameter).
 * PGlite runs it as any query.
 */
export async function preparedRowsOf<T>(db: Db, query: SQL): Promise<T[]> {
  const result = (await db._.session
    .prepareQuery(dialect.sqlToQuery(query), undefined, 'prepared', false)
    .execute()) as unknown;
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}
