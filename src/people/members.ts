import type { webApi } from '@slack/bolt';
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { people } from '../db/schema/index.js';
import type { Workspace } from '../slack/workspace.js';
import { personFromSlack } from './lookup.js';

/** Refreshes the people cache from users.list, a page of 200 at a time (Tier 2: the client paces it). */
export async function syncMembers(db: Db, client: webApi.WebClient, ws: Workspace): Promise<number> {
  let count = 0;
  for await (const page of client.paginate('users.list', {
    limit: 200,
    team_id: ws.teamId,
  }) as AsyncIterable<webApi.UsersListResponse>) {
    const rows = (page.members ?? [])
      .filter((m) => m.id)
      .map((m) => personFromSlack(ws, m as Parameters<typeof personFromSlack>[1]));
    if (rows.length === 0) continue;
    await db
      .insert(people)
      .values(rows)
      .onConflictDoUpdate({
        target: [people.teamId, people.userId],
        set: {
          name: sql`excluded.name`,
          realName: sql`excluded.real_name`,
          tz: sql`excluded.tz`,
          isBot: sql`excluded.is_bot`,
          isAdmin: sql`excluded.is_admin`,
          deleted: sql`excluded.deleted`,
          refreshedAt: sql`now()`,
        },
      });
    count += rows.length;
  }
  return count;
}
