import type { webApi } from '@slack/bolt';
import { and, eq, isNotNull, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { askMatches, asks } from '../db/schema/index.js';
import type { Deps } from '../deps.js';
import { owe } from '../runtime/outbox-queries.js';
import { skillsInText } from '../skills/matching.js';
import { UserError } from '../slack/errors.js';
import type { Workspace } from '../slack/workspace.js';
import { slugsOf } from './held-slugs.js';
import { oweMatches } from './matches.js';
import { askRefresh } from './message.js';
import { type Ask, findAsk } from './queries.js';

export class NotYourAsk extends UserError {
  constructor() {
    super('not_your_ask', "Only the person who asked can change this ask's skills.");
  }
}

/** Skills the ask's words suggest only by an everyday word, and not already among its skills. */
export async function weakSkillsOf(db: Db, ask: Pick<Ask, 'text' | 'details' | 'skills'>): Promise<string[]> {
  const text = [ask.text, ask.details].filter(Boolean).join('\n');
  return skillsInText(db, text, await slugsOf(db, ask.skills), true);
}

/** Holds the ask's weak skills for the asker's OK (once: a retried post finds them held already). */
export async function holdWeakSkills(db: Db, ask: Ask): Promise<Ask> {
  if (ask.heldSkills.length > 0) return ask;
  const held = await weakSkillsOf(db, ask);
  if (held.length === 0) return ask;
  const [row] = await db
    .update(asks)
    .set({ heldSkills: held })
    .where(and(eq(asks.teamId, ask.teamId), eq(asks.id, ask.id)))
    .returning();
  return row ?? ask;
}

/** The people told of the ask so far, in the order they were told. */
export async function toldOf(db: Db, ask: Pick<Ask, 'id' | 'teamId'>): Promise<string[]> {
  const rows = await db
    .select({ userId: askMatches.userId })
    .from(askMatches)
    .where(and(eq(askMatches.teamId, ask.teamId), eq(askMatches.askId, ask.id), isNotNull(askMatches.notifiedAt)))
    .orderBy(askMatches.notifiedAt, askMatches.userId);
  return rows.map((r) => r.userId);
}

/** Resolved or expired: its skills are part of what was asked, and nobody is told of it any more. */
export class AskClosed extends UserError {
  constructor() {
    super('ask_closed', "This ask is closed now, so its skills can't be changed.");
  }
}

const sameSkills = (a: string[], b: string[]) => a.length === b.length && a.every((s) => b.includes(s));

export interface SkillsChange {
  ask: Ask;
  /** How many more people were told. */
  told: number;
}

/**
 * Sets the ask's skills (and what stays held) as the asker says, then re-renders the broadcast and
 * tells whoever now matches: ask_matches remembers who was told, so nobody hears of it twice.
 * Only an open ask changes; dropping a held skill alone changes nothing anyone sees, so it is no edit.
 */
export async function changeSkills(
  deps: Deps,
  client: webApi.WebClient,
  ws: Workspace,
  userId: string,
  askId: string,
  change: (ask: Ask) => { skills: string[]; heldSkills: string[] } | undefined,
): Promise<SkillsChange> {
  const found = await findAsk(deps.db, ws, askId);
  if (!found || found.status === 'deleted') throw new UserError('ask_not_found', 'That ask no longer exists.');
  if (found.askerId !== userId) throw new NotYourAsk();
  if (found.status !== 'open') throw new AskClosed();
  const { ask, told, owed } = await deps.db.transaction(async (tx) => {
    // Locked so two presses at once (or a retry) apply one change and tell each person once.
    const [locked] = await tx
      .select()
      .from(asks)
      .where(and(eq(asks.teamId, found.teamId), eq(asks.id, found.id)))
      .for('update');
    // Closed since it was read: the change is refused like any other on a closed ask.
    if (locked && locked.status !== 'open') throw new AskClosed();
    const next = locked ? change(locked) : undefined;
    if (!locked || !next) return { ask: locked ?? found, told: 0, owed: [] as string[] };
    const edited = !sameSkills(locked.skills, next.skills);
    const [updated] = await tx
      .update(asks)
      .set({ skills: next.skills, heldSkills: next.heldSkills, ...(edited ? { editedAt: sql`now()` } : {}) })
      .where(and(eq(asks.teamId, locked.teamId), eq(asks.id, locked.id)))
      .returning();
    if (!edited) return { ask: updated!, told: 0, owed: [] as string[] };
    const refresh = await owe(tx, updated!, [askRefresh(updated!)]);
    const matched = await oweMatches(tx, deps.env, updated!);
    return { ask: updated!, told: matched.told, owed: [...refresh, ...matched.owed] };
  });
  await deps.outbox.deliver(client, ws, owed);
  return { ask, told };
}
