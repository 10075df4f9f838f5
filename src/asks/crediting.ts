import type { webApi } from '@slack/bolt';
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { credits } from '../db/schema/index.js';
import type { Deps } from '../deps.js';
import { getPerson } from '../people/lookup.js';
import { forgottenAmong } from '../people/queries.js';
import type { Notice } from '../runtime/outbox-queries.js';
import { catalogueFor } from '../skills/catalogue.js';
import { offerSkills } from '../skills/offers.js';
import { CREDITED_MAX, creditDm } from './credit-blocks.js';
import type { Ask } from './queries.js';

/** Who the asker says helped, and their thank-you note (never logged: it is their text). */
export interface Credit {
  people: string[];
  note: string;
}

/**
 * The people who can be credited: never the asker, a bot, a deactivated account or someone who
 * asked to be forgotten (nothing new is kept about them). Looked up before the transaction, as
 * it may ask Slack.
 */
export async function creditable(deps: Deps, client: webApi.WebClient, ask: Ask, people: string[]) {
  const picked = [...new Set(people)].filter((id) => id !== ask.askerId).slice(0, CREDITED_MAX);
  const forgotten = await forgottenAmong(deps.db, ask, picked);
  const kept: string[] = [];
  for (const userId of picked) {
    if (forgotten.has(userId)) continue;
    const person = await getPerson(deps.db, client, ask, userId, { acting: false }).catch(() => undefined);
    if (person && !person.isBot && !person.deleted) kept.push(userId);
  }
  return kept;
}

/** The ask's catalogue skills, as slugs: what a credit counts towards. */
export async function askSlugs(db: Db, ask: Ask): Promise<string[]> {
  const found = await catalogueFor(
    db,
    ask.skills.map((s) => s.toLowerCase()),
  );
  return [...new Set([...found.values()].map((c) => c.slug))];
}

/**
 * In the resolve's transaction: one credit per person (a retry adds none), each with the ask's
 * skills and English stems, and each newly credited person's thank-you DM with the note and any
 * skill they might add. Returns who was credited and what is owed them.
 */
export async function recordCredits(
  tx: Db,
  ask: Ask,
  people: string[],
  creditedBy: string,
  credit: { slugs: string[]; note: string },
): Promise<{ credited: string[]; notices: Notice[] }> {
  if (people.length === 0) return { credited: [], notices: [] };
  const rows = await tx
    .insert(credits)
    .values(
      people.map((userId) => ({
        teamId: ask.teamId,
        enterpriseId: ask.enterpriseId,
        askId: ask.id,
        userId,
        creditedBy,
        skills: credit.slugs,
        lexemes: sql`tsvector_to_array(to_tsvector('english', ${ask.text}))`,
      })),
    )
    .onConflictDoNothing()
    .returning({ userId: credits.userId });
  const credited = people.filter((p) => rows.some((r) => r.userId === p));
  const notices: Notice[] = [];
  for (const userId of credited) {
    const offers = await offerSkills(tx, ask, userId, credit.slugs);
    const message = { channel: userId, unfurl_links: false, ...creditDm(ask, credit.note, offers) };
    notices.push({ kind: 'message', key: `credit_dm:${ask.id}:${userId}`, message });
  }
  return { credited, notices };
}
