import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { catalogueSkills, personSkills, skillOffers } from '../db/schema/index.js';
import type { Deps } from '../deps.js';
import { refreshHomes } from '../home/publish.js';
import type { ButtonArgs } from '../slack/args.js';
import { escapeMrkdwn } from '../slack/mrkdwn.js';
import { reply } from '../slack/reply.js';
import { type Workspace, workspaceOf } from '../slack/workspace.js';
import type { CatalogueSkill } from './catalogue.js';
import { normaliseSkill } from './normalise.js';
import { addSkills } from './queries.js';

/**
 * In the caller's transaction (the credit's): the ask's catalogue skills the person has not
 * declared as skills and was never offered, recorded as offered, so nobody is asked twice about
 * one skill, whichever ask it comes up on.
 */
export async function offerSkills(db: Db, ws: Workspace, userId: string, slugs: string[]): Promise<CatalogueSkill[]> {
  if (slugs.length === 0) return [];
  const declared = await db
    .select({ slug: personSkills.catalogueSlug })
    .from(personSkills)
    .where(
      and(
        eq(personSkills.teamId, ws.teamId),
        eq(personSkills.userId, userId),
        eq(personSkills.kind, 'skill'),
        inArray(personSkills.catalogueSlug, slugs),
      ),
    );
  const have = new Set(declared.map((d) => d.slug));
  const fresh = slugs.filter((s) => !have.has(s));
  if (fresh.length === 0) return [];
  const offered = await db
    .insert(skillOffers)
    .values(fresh.map((slug) => ({ teamId: ws.teamId, enterpriseId: ws.enterpriseId ?? null, userId, slug })))
    .onConflictDoNothing()
    .returning({ slug: skillOffers.slug });
  if (offered.length === 0) return [];
  return db
    .select({ slug: catalogueSkills.slug, name: catalogueSkills.name })
    .from(catalogueSkills)
    .where(
      inArray(
        catalogueSkills.slug,
        offered.map((o) => o.slug),
      ),
    )
    .orderBy(catalogueSkills.name);
}

type Answer = 'added' | 'declined';
type Outcome = { outcome: Answer | 'already_added' | 'already_declined'; name: string } | { outcome: 'unknown' };

/**
 * The person's answer to an offer, once: Add puts the skill on their profile in the same
 * transaction; No thanks after Add never takes it off again silently (that is /skills remove).
 */
export async function answerOffer(db: Db, ws: Workspace, userId: string, slug: string, answer: Answer) {
  return db.transaction(async (tx): Promise<Outcome> => {
    const where = and(eq(skillOffers.teamId, ws.teamId), eq(skillOffers.userId, userId), eq(skillOffers.slug, slug));
    const [offer] = await tx.select().from(skillOffers).where(where).for('update');
    const [skill] = await tx.select().from(catalogueSkills).where(eq(catalogueSkills.slug, slug));
    if (!offer || !skill) return { outcome: 'unknown' };
    if (offer.answer === 'added') return { outcome: 'already_added', name: skill.name };
    if (offer.answer === answer) return { outcome: 'already_declined', name: skill.name };
    await tx.update(skillOffers).set({ answer }).where(where);
    if (answer === 'added') await addSkills(tx, ws, userId, 'skill', [normaliseSkill(skill.name)]);
    return { outcome: answer, name: skill.name };
  });
}

function answered(o: Outcome): string {
  if (o.outcome === 'unknown') return "I can't find that offer any more, so nothing was changed.";
  const name = `*${escapeMrkdwn(o.name)}*`;
  switch (o.outcome) {
    case 'added':
      return (
        `Added ${name} to your skills, so asks that need it will find you. ` +
        `\`/skills remove ${escapeMrkdwn(o.name)}\` takes it off.`
      );
    case 'declined':
      return `No problem: ${name} stays off your skills, and I won't ask about it again.`;
    case 'already_added':
      return `${name} is already among your skills.`;
    default:
      return `You said no thanks to ${name}, so I left it off your skills.`;
  }
}

export const offerButton = (deps: Deps, answer: Answer) => async (args: ButtonArgs) => {
  await args.ack();
  const ws = workspaceOf(args);
  const userId = args.body.user.id;
  const outcome = await answerOffer(deps.db, ws, userId, args.action.value ?? '', answer);
  await reply(args, { text: answered(outcome) });
  if (outcome.outcome === 'added') await refreshHomes(deps, args.client, ws, [userId]);
};
