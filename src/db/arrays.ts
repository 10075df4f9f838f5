import { type SQL, sql } from 'drizzle-orm';

/** A PostgreSQL array literal of bound parameters, `'{}'` when empty (`array[]` has no type to infer). */
export function sqlArray(items: string[], type: 'text' | 'uuid' = 'text'): SQL {
  const cast = sql.raw(`::${type}[]`);
  return items.length
    ? sql`array[${sql.join(
        items.map((i) => sql`${i}`),
        sql`, `,
      )}]${cast}`
    : sql`'{}'${cast}`;
}
