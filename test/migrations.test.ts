import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { connectPostgres } from '../src/db/client.js';
import { freshDatabase, serverUrl } from './support/database.js';

describe('migrations', () => {
  it('applying them again is a no-op', async () => {
    const fresh = await freshDatabase();
    try {
      await fresh.database.migrate();
      await fresh.database.migrate();
      const rows = await fresh.database.db.execute(sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
      const n = (Array.isArray(rows) ? rows : (rows as { rows: unknown[] }).rows)[0] as { n: number };
      expect(n.n).toBeGreaterThan(0);
    } finally {
      await fresh.drop();
    }
  });

  it.runIf(serverUrl)('two replicas starting together both succeed and apply each migration once', async () => {
    const fresh = await freshDatabase();
    const replicas = [connectPostgres(fresh.url!), connectPostgres(fresh.url!), connectPostgres(fresh.url!)];
    try {
      await Promise.all(replicas.map((r) => r.migrate()));
      const rows = await replicas[0]!.db.execute(
        sql`select hash, count(*)::int as n from drizzle.__drizzle_migrations group by hash`,
      );
      for (const row of rows as unknown as Array<{ n: number }>) expect(row.n).toBe(1);
    } finally {
      await Promise.all(replicas.map((r) => r.close()));
      await fresh.drop();
    }
  });
});
