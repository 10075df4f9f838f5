import { and, asc, count, eq, gt, inArray, isNotNull, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { askMatches, people, personSkills } from '../db/schema/index.js';
import type { Workspace } from '../slack/workspace.js';

const person = (t: typeof people | typeof personSkills | typeof askMatches, ws: Workspace, userId: string) =>
  and(eq(t.teamId, ws.teamId), eq(t.userId, userId));

/** *Snooze* and `/skills snooze 2w`: no match notices until then; null ends it. */
export async function snoozeUntil(db: Db, ws: Workspace, userId: string, until: Date | null): Promise<void> {
  await db
    .update(people)
    .set({ snoozedUntil: until })
    .where(person(people, ws, userId));
}

/** `/skills history off`: their credits are shown to nobody else and never rank them. */
export async function setHistoryHidden(db: Db, ws: Workspace, userId: string, hidden: boolean): Promise<void> {
  await db
    .update(people)
    .set({ historyHidden: hidden })
    .where(person(people, ws, userId));
}

/** Whether the person hid their helping history from others. */
export async function historyHidden(db: Db, ws: Workspace, userId: string): Promise<boolean> {
  const [row] = await db
    .select({ hidden: people.historyHidden })
    .from(people)
    .where(person(people, ws, userId));
  return row?.hidden ?? false;
}

/**
 * *Not my area*: the skills (by the names the person has them under) stop matching, staying on
 * their profile until they add them again. Returns the names now muted, muted before or not.
 */
export async function muteSkills(db: Db, ws: Workspace, userId: string, names: string[]): Promise<string[]> {
  if (names.length === 0) return [];
  const rows = await db
    .update(personSkills)
    .set({ mutedAt: sql`coalesce(${personSkills.mutedAt}, now())` })
    .where(and(person(personSkills, ws, userId), inArray(personSkills.name, names)))
    .returning({ name: personSkills.name });
  return [...new Set(rows.map((r) => r.name))];
}

export interface NoticeState {
  snoozedUntil: Date | null;
  /** Skills and interests muted with *Not my area*. */
  muted: string[];
  /** Asks they were told of in the last 7 days. */
  toldThisWeek: number;
}

/** What the Home tab says about a person's notices. */
export async function noticeStateOf(db: Db, ws: Workspace, userId: string): Promise<NoticeState> {
  const [snooze, muted, told] = await Promise.all([
    db
      .select({ until: people.snoozedUntil })
      .from(people)
      .where(person(people, ws, userId)),
    db
      .selectDistinct({ name: personSkills.name })
      .from(personSkills)
      .where(and(person(personSkills, ws, userId), isNotNull(personSkills.mutedAt)))
      .orderBy(asc(personSkills.name)),
    db
      .select({ n: count() })
      .from(askMatches)
      .where(and(person(askMatches, ws, userId), gt(askMatches.notifiedAt, sql`now() - interval '7 days'`))),
  ]);
  return { snoozedUntil: snooze[0]?.until ?? null, muted: muted.map((m) => m.name), toldThisWeek: told[0]?.n ?? 0 };
}
