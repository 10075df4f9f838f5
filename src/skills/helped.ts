import { and, count, eq, sql } from 'drizzle-orm';
import { type Db, rowsOf } from '../db/client.js';
import { catalogueSkills, credits } from '../db/schema/index.js';
import { plural } from '../slack/blocks.js';
import { escapeMrkdwn } from '../slack/mrkdwn.js';
import type { Workspace } from '../slack/workspace.js';

/** A person's helping history: how many times an asker credited them, and for which skills. */
export interface Helped {
  people: number;
  /** Most credited first. */
  skills: Array<{ name: string; n: number }>;
}

/** Skills named in the Helped line; the rest are left out. */
const SKILLS_SHOWN = 5;

export async function helpedBy(db: Db, ws: Workspace, userId: string): Promise<Helped> {
  const mine = and(eq(credits.teamId, ws.teamId), eq(credits.userId, userId));
  const [[total], skills] = await Promise.all([
    db.select({ n: count() }).from(credits).where(mine),
    // Raw SQL: counting the elements of an array column (unnest as a table) is beyond the builder.
    rowsOf<{ name: string; n: number }>(
      db,
      sql`select ${catalogueSkills.name} as name, count(*)::int as n
          from ${credits} cross join unnest(${credits.skills}) as s(slug)
          join ${catalogueSkills} on ${catalogueSkills.slug} = s.slug
          where ${mine}
          group by ${catalogueSkills.name}
          order by n desc, ${catalogueSkills.name}
          limit ${SKILLS_SHOWN}`,
    ),
  ]);
  return { people: total?.n ?? 0, skills };
}

/** "Helped 4 people (Blogging ×3, WordPress)"; empty when nobody has credited them yet. */
export function helpedLine(h: Helped): string {
  if (h.people === 0) return '';
  const skills = h.skills.map((s) => (s.n > 1 ? `${escapeMrkdwn(s.name)} ×${s.n}` : escapeMrkdwn(s.name)));
  return `Helped ${plural(h.people, 'person', 'people')}${skills.length ? ` (${skills.join(', ')})` : ''}`;
}
