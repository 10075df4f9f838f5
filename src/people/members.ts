// Raw SQL fragments only: the upsert's `excluded` row, which the query builder has no name for; its
// columns are named through the schema objects.
import type { webApi } from '@slack/bolt';
import { sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Db } from '../db/client.js';
import { people } from '../db/schema/index.js';
import type { Workspace } from '../slack/workspace.js';
import { personFromSlack } from './lookup.js';
import { forgottenAmong } from './queries.js';

/** The value an upsert proposed for the column. */
const excluded = (column: AnyPgColumn) => sql`excluded.${sql.identifier(column.name)}`;

/** Refreshes the people cache from users.list, a page of 200 at a time (Tier 2: the client paces it). */
export async function syncMembers(db: Db, client: webApi.WebClient, ws: Workspace): Promise<number> {
  let count = 0;
  for await (const page of client.paginate('users.list', {
    limit: 200,
    team_id: ws.teamId,
  }) as AsyncIterable<webApi.UsersListResponse>) {
    const members = (page.members ?? []).filter((m) => m.id);
    // People who asked to be forgotten are not stored again by a sync.
    const forgotten = await forgottenAmong(
      db,
      ws,
      members.map((m) => m.id!),
    );
    const rows = members
      .filter((m) => !forgotten.has(m.id!))
      .map((m) => personFromSlack(ws, m as Parameters<typeof personFromSlack>[1]));
    if (rows.length === 0) continue;
    await db
      .insert(people)
      .values(rows)
      .onConflictDoUpdate({
        target: [people.teamId, people.userId],
        set: {
          name: excluded(people.name),
          realName: excluded(people.realName),
          tz: excluded(people.tz),
          isBot: excluded(people.isBot),
          isAdmin: excluded(people.isAdmin),
          isGuest: excluded(people.isGuest),
          deleted: excluded(people.deleted),
          refreshedAt: sql`now()`,
        },
      });
    count += rows.length;
  }
  return count;
}
