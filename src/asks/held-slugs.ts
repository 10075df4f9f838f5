import type { Db } from '../db/client.js';
import { catalogueFor } from '../skills/catalogue.js';

/** The catalogue slugs of skill names as an ask holds them ("Team building" → team-building). */
export async function slugsOf(db: Db, names: string[]): Promise<string[]> {
  return [
    ...(
      await catalogueFor(
        db,
        names.map((n) => n.toLowerCase()),
      )
    ).values(),
  ].map((c) => c.slug);
}
