// Raw SQL: candidate pairs over every workspace at once (a self-join of skills on interests, ranked per
// mentor with a window), which the query builder cannot say. Tables and columns are named through the
// schema objects.
import { and, eq, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { type Db, rowsOf } from '../db/client.js';
import { catalogueSkills, mentorOffers, people, personSkills } from '../db/schema/index.js';

export interface Candidate {
  teamId: string;
  enterpriseId: string | null;
  mentorId: string;
  learnerId: string;
  skill: string;
}

/** Days before a mentor may be offered another learner: once a week. */
const OFFER_EVERY_DAYS = 6;
/** Learners considered per mentor: enough for each mentor to find one nobody else took. */
const PER_MENTOR = 20;

const mp = alias(people, 'mp');
const lp = alias(people, 'lp');
const ms = alias(personSkills, 'ms');
const li = alias(personSkills, 'li');
const cs = alias(catalogueSkills, 'cs');
const o = alias(mentorOffers, 'o');

const member = (p: typeof mp | typeof lp) => sql`not ${p.isGuest} and not ${p.deleted} and not ${p.isBot}`;

/**
 * Who could be offered to whom this week: mentors (opted in, members, offered nobody in the last
 * week) with learners (members who declared an interest in a catalogue skill the mentor holds),
 * never a pair offered before and never a learner offered in the last week. Earliest interests first.
 */
export async function pairCandidates(db: Db): Promise<Candidate[]> {
  const recent = sql`${o.offeredAt} > now() - make_interval(days => ${OFFER_EVERY_DAYS})`;
  return rowsOf<Candidate>(
    db,
    sql`select "teamId", "enterpriseId", "mentorId", "learnerId", skill from (
          select ${mp.teamId} as "teamId", ${mp.enterpriseId} as "enterpriseId", ${mp.userId} as "mentorId",
                 ${li.userId} as "learnerId", ${cs.name} as skill,
                 row_number() over (partition by ${mp.teamId}, ${mp.userId}
                                    order by ${li.createdAt}, ${li.userId}) as rank
          from ${people} ${mp}
          join ${personSkills} ${ms} on ${ms.teamId} = ${mp.teamId} and ${ms.userId} = ${mp.userId}
            and ${ms.kind} = 'skill' and ${ms.catalogueSlug} is not null and ${ms.mutedAt} is null
          join ${personSkills} ${li} on ${li.teamId} = ${ms.teamId} and ${li.catalogueSlug} = ${ms.catalogueSlug}
            and ${li.kind} = 'interest' and ${li.userId} <> ${mp.userId}
          join ${people} ${lp} on ${lp.teamId} = ${li.teamId} and ${lp.userId} = ${li.userId} and ${member(lp)}
          join ${catalogueSkills} ${cs} on ${cs.slug} = ${ms.catalogueSlug}
          where ${mp.mentor} and ${member(mp)}
            and not exists (select 1 from ${mentorOffers} ${o} where ${o.teamId} = ${mp.teamId}
                            and ${o.mentorId} = ${mp.userId} and ${recent})
            and not exists (select 1 from ${mentorOffers} ${o} where ${o.teamId} = ${mp.teamId}
                            and ${o.learnerId} = ${li.userId} and (${o.mentorId} = ${mp.userId} or ${recent}))
        ) ranked
        where rank <= ${PER_MENTOR}
        order by "teamId", "mentorId", rank`,
  );
}

/** Records an offer; false when it was made before (another replica, a rerun): then nothing is sent. */
export async function recordOffer(db: Db, c: Candidate): Promise<boolean> {
  const rows = await db
    .insert(mentorOffers)
    .values({
      teamId: c.teamId,
      enterpriseId: c.enterpriseId,
      mentorId: c.mentorId,
      learnerId: c.learnerId,
      skill: c.skill,
    })
    .onConflictDoNothing()
    .returning({ mentorId: mentorOffers.mentorId });
  return rows.length > 0;
}

/** The offer made to this mentor of this learner, if any: the *Say hello* button opens nothing else. */
export async function findOffer(db: Db, teamId: string, mentorId: string, learnerId: string) {
  const [row] = await db
    .select({ skill: mentorOffers.skill })
    .from(mentorOffers)
    .where(
      and(eq(mentorOffers.teamId, teamId), eq(mentorOffers.mentorId, mentorId), eq(mentorOffers.learnerId, learnerId)),
    );
  return row;
}
