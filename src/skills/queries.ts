import { and, asc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import { messageDelete } from '../asks/deletion.js';
import { FORMER_COLLEAGUE } from '../asks/former.js';
import { forgetHelping } from '../asks/helping-privacy.js';
import { askRefresh } from '../asks/message.js';
import type { Db } from '../db/client.js';
import {
  askMatches,
  asks,
  digestDeliveries,
  forgottenPeople,
  outbox,
  people,
  personSkills,
  replies,
  volunteers,
  workspaceSettings,
} from '../db/schema/index.js';
import { type Notice, owe } from '../runtime/outbox-queries.js';
import type { Workspace } from '../slack/workspace.js';
import { dropSnapshots } from '../talent/snapshot-queries.js';
import { catalogueFor } from './catalogue.js';
import type { SkillName } from './normalise.js';

export type Kind = 'skill' | 'interest';
export type PersonSkill = Pick<typeof personSkills.$inferSelect, 'kind' | 'name' | 'norm' | 'catalogueSlug'>;

/** Free text merges into the catalogue skill it names; what stays free is kept as typed. */
async function resolve(db: Db, names: SkillName[]) {
  const catalogue = await catalogueFor(
    db,
    names.map((n) => n.norm),
  );
  const resolved = new Map<string, { name: string; norm: string; catalogueSlug: string | null }>();
  for (const n of names) {
    const c = catalogue.get(n.norm);
    const entry = c
      ? { name: c.name, norm: c.name.toLowerCase(), catalogueSlug: c.slug }
      : { ...n, catalogueSlug: null };
    if (!resolved.has(entry.norm)) resolved.set(entry.norm, entry);
  }
  return [...resolved.values()];
}

/** Each name as it will be saved: a typed name that became a catalogue skill is told apart. */
export async function savedNames(db: Db, names: SkillName[]): Promise<{ typed: string; name: string }[]> {
  const catalogue = await catalogueFor(
    db,
    names.map((n) => n.norm),
  );
  const seen = new Set<string>();
  return names.flatMap((n) => {
    const name = catalogue.get(n.norm)?.name ?? n.name;
    if (seen.has(name.toLowerCase())) return [];
    seen.add(name.toLowerCase());
    return [{ typed: n.name, name }];
  });
}

/** Adds skills or interests: the names newly added, and how many the person already had. */
export async function addSkills(
  db: Db,
  ws: Workspace,
  userId: string,
  kind: Kind,
  names: SkillName[],
): Promise<{ added: string[]; already: number }> {
  const rows = (await resolve(db, names)).map((r) => ({
    teamId: ws.teamId,
    enterpriseId: ws.enterpriseId ?? null,
    userId,
    kind,
    ...r,
    lexemes: sql`tsvector_to_array(to_tsvector('english', ${r.name}))`,
  }));
  if (rows.length === 0) return { added: [], already: 0 };
  const added = await db.insert(personSkills).values(rows).onConflictDoNothing().returning({ name: personSkills.name });
  // Adding a skill muted with *Not my area* turns it back on: it counts as added.
  const unmuted = await db
    .update(personSkills)
    .set({ mutedAt: null })
    .where(
      and(
        eq(personSkills.teamId, ws.teamId),
        eq(personSkills.userId, userId),
        eq(personSkills.kind, kind),
        inArray(
          personSkills.norm,
          rows.map((r) => r.norm),
        ),
        isNotNull(personSkills.mutedAt),
      ),
    )
    .returning({ name: personSkills.name });
  const back = [...added, ...unmuted].map((a) => a.name);
  return { added: back, already: rows.length - back.length };
}

/** Removes by name or alias, from skills and interests alike; returns the names removed. */
export async function removeSkills(db: Db, ws: Workspace, userId: string, names: SkillName[]): Promise<string[]> {
  const norms = (await resolve(db, names)).map((r) => r.norm);
  const removed = await db
    .delete(personSkills)
    .where(and(eq(personSkills.teamId, ws.teamId), eq(personSkills.userId, userId), inArray(personSkills.norm, norms)))
    .returning({ name: personSkills.name });
  return [...new Set(removed.map((r) => r.name))];
}

/** Replaces a person's skills and interests wholesale (the form's save), in one transaction. */
export async function replaceSkills(
  db: Db,
  ws: Workspace,
  userId: string,
  next: Record<Kind, SkillName[]>,
  notices: Notice[] = [],
): Promise<string[]> {
  return db.transaction(async (tx) => {
    const theirs = and(eq(personSkills.teamId, ws.teamId), eq(personSkills.userId, userId));
    // Saving the form keeps a skill's *Not my area*: only adding it again with /skills turns it back on.
    const muted = await tx
      .delete(personSkills)
      .where(theirs)
      .returning({ kind: personSkills.kind, norm: personSkills.norm, mutedAt: personSkills.mutedAt });
    await addSkills(tx, ws, userId, 'skill', next.skill);
    await addSkills(tx, ws, userId, 'interest', next.interest);
    for (const m of muted.filter((r) => r.mutedAt))
      await tx
        .update(personSkills)
        .set({ mutedAt: m.mutedAt })
        .where(and(theirs, eq(personSkills.kind, m.kind), eq(personSkills.norm, m.norm)));
    // The confirmation of what was saved, owed with the change itself.
    return owe(tx, ws, notices);
  });
}

export async function listSkills(db: Db, ws: Workspace, userId: string): Promise<PersonSkill[]> {
  return (
    db
      .select({
        kind: personSkills.kind,
        name: personSkills.name,
        norm: personSkills.norm,
        catalogueSlug: personSkills.catalogueSlug,
      })
      .from(personSkills)
      .where(and(eq(personSkills.teamId, ws.teamId), eq(personSkills.userId, userId)))
      // Byte order, as JavaScript compares: the skills form cuts its list by comparing names in code.
      .orderBy(asc(personSkills.kind), asc(sql`${personSkills.norm} collate "C"`))
  );
}

export interface Erased {
  skills: number;
  volunteering: number;
  replies: number;
  /** Their asks, deleted or kept anonymised as the person chose. */
  asks: number;
  asksDeleted: boolean;
  /** Everyone whose Home tab showed something that changed (volunteers of their asks). */
  affected: string[];
  /** The notices this owed (message deletions and refreshes), for the request to deliver. */
  owed: string[];
}

/**
 * Erases what is held about a person in this workspace, in one transaction: skills, volunteering,
 * replies, matches, digests, notices still owed to them; their asks deleted (their messages owed a
 * chat.delete) or kept as a former colleague's; their name taken off asks they resolved and settings
 * they changed. They are recorded as forgotten, so nothing about them is stored again unasked. A
 * digest opt-out survives as a bare row (id and the wish alone), or forgetting them would start their
 * digests.
 */
export async function forgetPerson(
  db: Db,
  ws: Workspace,
  userId: string,
  options: { deleteAsks: boolean },
): Promise<Erased> {
  return db.transaction(async (tx) => {
    const mine = <
      T extends
        | typeof personSkills
        | typeof volunteers
        | typeof replies
        | typeof askMatches
        | typeof people
        | typeof digestDeliveries,
    >(
      t: T,
    ) => and(eq(t.teamId, ws.teamId), eq(t.userId, userId));
    const skills = await tx.delete(personSkills).where(mine(personSkills)).returning({ n: personSkills.norm });
    const volunteering = await tx.delete(volunteers).where(mine(volunteers)).returning({ n: volunteers.askId });
    const replyRows = await tx.delete(replies).where(mine(replies)).returning({ n: replies.ts });
    await tx.delete(askMatches).where(mine(askMatches));
    await tx.delete(digestDeliveries).where(mine(digestDeliveries));
    // Every notice to them (a reminder, a volunteer's DM, ...), owed or sent: nothing more reaches them.
    // Notices about them as a volunteer (their confirmation DM, the asker's reply) name them as userId;
    // a Go-with introduction names them as helperId.
    const aboutThem = sql`(${outbox.payload}->>'channel' = ${userId} or ${outbox.payload}->>'userId' = ${userId}
      or ${outbox.payload}->>'helperId' = ${userId})`;
    await tx.delete(outbox).where(and(eq(outbox.teamId, ws.teamId), aboutThem));
    const theirAsks = and(eq(asks.teamId, ws.teamId), eq(asks.askerId, userId));
    const affected = await tx
      .selectDistinct({ userId: volunteers.userId })
      .from(volunteers)
      .innerJoin(asks, eq(asks.id, volunteers.askId))
      .where(theirAsks);
    const owed: Notice[] = volunteering.map((v) => askRefresh({ id: v.n }));
    let asked: Array<{ id: string; channelId: string; messageTs: string | null; status: string }>;
    const columns = { id: asks.id, channelId: asks.channelId, messageTs: asks.messageTs, status: asks.status };
    if (options.deleteAsks) {
      asked = await tx.delete(asks).where(theirAsks).returning(columns);
      for (const a of asked)
        if (a.messageTs && a.status !== 'deleted') owed.push(messageDelete({ channel: a.channelId, ts: a.messageTs }));
    } else {
      asked = await tx.update(asks).set({ askerId: FORMER_COLLEAGUE }).where(theirAsks).returning(columns);
      for (const a of asked) owed.push(askRefresh(a));
    }
    const resolved = await tx
      .update(asks)
      .set({ resolvedBy: FORMER_COLLEAGUE })
      .where(and(eq(asks.teamId, ws.teamId), eq(asks.resolvedBy, userId)))
      .returning({ id: asks.id });
    owed.push(...resolved.map(askRefresh), ...(await forgetHelping(tx, ws, userId)).map(askRefresh));
    await tx
      .update(workspaceSettings)
      .set({ updatedBy: '' })
      .where(and(eq(workspaceSettings.teamId, ws.teamId), eq(workspaceSettings.updatedBy, userId)));
    const owedIds = await owe(tx, ws, owed);
    const [person] = await tx.delete(people).where(mine(people)).returning({ optOut: people.digestOptOut });
    if (person?.optOut) {
      await tx
        .insert(people)
        .values({ teamId: ws.teamId, enterpriseId: ws.enterpriseId ?? null, userId, name: userId, digestOptOut: true });
    }
    await dropSnapshots(tx, ws);
    await tx
      .insert(forgottenPeople)
      .values({ teamId: ws.teamId, enterpriseId: ws.enterpriseId ?? null, userId })
      .onConflictDoUpdate({
        target: [forgottenPeople.teamId, forgottenPeople.userId],
        set: { forgottenAt: sql`now()` },
      });
    return {
      skills: skills.length,
      volunteering: volunteering.length,
      replies: replyRows.length,
      asks: asked.length,
      asksDeleted: options.deleteAsks,
      affected: affected.map((a) => a.userId),
      owed: owedIds,
    };
  });
}
