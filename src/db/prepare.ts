import { seedCatalogue } from '../skills/catalogue.js';
import { useMatchIndexes } from '../skills/match-index-store.js';
import type { Database } from './client.js';

/** The schema migrated and the reference data (the skill catalogue) in place: what the bot and every command need. */
export async function prepareDatabase(database: Database): Promise<void> {
  await database.migrate();
  await seedCatalogue(database.db);
  useMatchIndexes(database.db);
}
