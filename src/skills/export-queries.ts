import { and, asc, eq, inArray } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { helpingData } from '../asks/helping-privacy.js';
import type { Db } from '../db/client.js';
import {
  askMatches,
  asks,
  digestDeliveries,
  forgottenPeople,
  people,
  personSkills,
  replies,
  volunteers,
  workspaceSettings,
} from '../db/schema/index.js';
import type { Workspace } from '../slack/workspace.js';

/**
 * Everything stored about one person in one workspace, as they may read it: their profile as cached
 * from Slack, skills and interests, asks (with their volunteers and replies), volunteering, replies,
 * the asks they were matched to, asks they resolved, digests, and settings they changed.
 */
export async function personalData(db: Db, ws: Workspace, userId: string) {
  const inTeam = (t: { teamId: AnyPgColumn }) => eq(t.teamId, ws.teamId);
  const [profile] = await db
    .select({
      name: people.name,
      realName: people.realName,
      timeZone: people.tz,
      isAdmin: people.isAdmin,
      isGuest: people.isGuest,
      digestOptOut: people.digestOptOut,
      homeOpenedAt: people.homeOpenedAt,
      refreshedAt: people.refreshedAt,
    })
    .from(people)
    .where(and(inTeam(people), eq(people.userId, userId)));
  const skills = await db
    .select({ kind: personSkills.kind, name: personSkills.name, addedAt: personSkills.createdAt })
    .from(personSkills)
    .where(and(inTeam(personSkills), eq(personSkills.userId, userId)))
    .orderBy(asc(personSkills.kind), asc(personSkills.norm));
  const askColumns = {
    id: asks.id,
    text: asks.text,
    details: asks.details,
    deadline: asks.deadline,
    skills: asks.skills,
    status: asks.status,
    channelId: asks.channelId,
    permalink: asks.permalink,
    askedAt: asks.createdAt,
    resolvedAt: asks.resolvedAt,
  };
  const own = await db
    .select(askColumns)
    .from(asks)
    .where(and(inTeam(asks), eq(asks.askerId, userId)))
    .orderBy(asc(asks.createdAt));
  const ownIds = own.map((a) => a.id);
  const onOwn = ownIds.length
    ? await db
        .select({
          askId: replies.askId,
          userId: replies.userId,
          text: replies.text,
          postedAt: replies.postedAt,
          editedAt: replies.editedAt,
        })
        .from(replies)
        .where(and(inTeam(replies), inArray(replies.askId, ownIds)))
        .orderBy(asc(replies.postedAt))
    : [];
  const helpers = ownIds.length
    ? await db
        .select({ askId: volunteers.askId, userId: volunteers.userId, at: volunteers.createdAt })
        .from(volunteers)
        .where(and(inTeam(volunteers), inArray(volunteers.askId, ownIds)))
    : [];
  const volunteering = await db
    .select({ askId: volunteers.askId, via: volunteers.via, at: volunteers.createdAt, ask: asks.text })
    .from(volunteers)
    .innerJoin(asks, eq(asks.id, volunteers.askId))
    .where(and(inTeam(volunteers), eq(volunteers.userId, userId)));
  const theirReplies = await db
    .select({ askId: replies.askId, text: replies.text, postedAt: replies.postedAt, editedAt: replies.editedAt })
    .from(replies)
    .where(and(inTeam(replies), eq(replies.userId, userId)))
    .orderBy(asc(replies.postedAt));
  const matchedTo = await db
    .select({ askId: askMatches.askId, skill: askMatches.skill, toldAt: askMatches.notifiedAt })
    .from(askMatches)
    .where(and(inTeam(askMatches), eq(askMatches.userId, userId)));
  const resolved = await db
    .select({ askId: asks.id, resolvedAt: asks.resolvedAt })
    .from(asks)
    .where(and(inTeam(asks), eq(asks.resolvedBy, userId)));
  const digests = await db
    .select({
      week: digestDeliveries.week,
      status: digestDeliveries.status,
      content: digestDeliveries.content,
      plannedAt: digestDeliveries.plannedAt,
      sentAt: digestDeliveries.sentAt,
    })
    .from(digestDeliveries)
    .where(and(inTeam(digestDeliveries), eq(digestDeliveries.userId, userId)))
    .orderBy(asc(digestDeliveries.week));
  const settingsChanged = await db
    .select({
      askChannel: workspaceSettings.askChannel,
      volunteerReaction: workspaceSettings.volunteerReaction,
      guestsMayAsk: workspaceSettings.guestsMayAsk,
      changedAt: workspaceSettings.updatedAt,
    })
    .from(workspaceSettings)
    .where(and(inTeam(workspaceSettings), eq(workspaceSettings.updatedBy, userId)));
  const [forgotten] = await db
    .select({ at: forgottenPeople.forgottenAt })
    .from(forgottenPeople)
    .where(and(inTeam(forgottenPeople), eq(forgottenPeople.userId, userId)));
  return {
    workspace: { teamId: ws.teamId, enterpriseId: ws.enterpriseId ?? null },
    userId,
    profile: profile ?? null,
    skills: skills.filter((s) => s.kind === 'skill').map(({ kind: _, ...s }) => s),
    interests: skills.filter((s) => s.kind === 'interest').map(({ kind: _, ...s }) => s),
    asks: own.map((a) => ({
      ...a,
      volunteers: helpers.filter((v) => v.askId === a.id).map(({ askId: _, ...v }) => v),
      // Reply text is null once kept past its retention: only who replied and when remain.
      replies: onOwn.filter((r) => r.askId === a.id).map(({ askId: _, ...r }) => r),
    })),
    volunteering,
    replies: theirReplies,
    matchedTo,
    resolved,
    digests,
    settingsChanged,
    // Credits, skill offers and asks taken on (the helping loop).
    ...(await helpingData(db, ws, userId)),
    forgottenAt: forgotten?.at ?? null,
  };
}

export type PersonalData = Awaited<ReturnType<typeof personalData>>;
