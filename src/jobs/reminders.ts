import { and, eq, gt, inArray, isNotNull, isNull, lt, ne, notExists, or, type SQL, sql } from 'drizzle-orm';
import { channelNudge } from '../asks/checkin-blocks.js';
import { toAsker } from '../asks/former.js';
import { oweMatches } from '../asks/matches.js';
import { lastStepDm } from '../asks/notice-blocks.js';
import type { Ask } from '../asks/queries.js';
import type { Db } from '../db/client.js';
import { asks, catalogueSkills, personSkills, volunteers } from '../db/schema/index.js';
import type { Deps } from '../deps.js';
import type { Env } from '../env.js';
import type { SlackClients } from '../installations/clients.js';
import { owe } from '../runtime/outbox-queries.js';
import { hoursAgo } from './since.js';

type Step = 1 | 2 | 3;

/**
 * Where an ask must be for step n + 1 to be its next. An ask reminded before the ladder existed
 * (reminded_at set, step 0) had what step 1 does, so it goes on to step 2.
 */
const before = (step: Step): SQL | undefined =>
  step === 1
    ? and(eq(asks.escalationStep, 0), isNull(asks.remindedAt))
    : step === 2
      ? or(eq(asks.escalationStep, 1), and(eq(asks.escalationStep, 0), isNotNull(asks.remindedAt)))
      : eq(asks.escalationStep, 2);

/** Open, posted, nobody taken it on or volunteered, and old enough for the step (not about to expire). */
function due(db: Db, env: Env, step: Step): SQL | undefined {
  return and(
    before(step),
    eq(asks.status, 'open'),
    isNotNull(asks.messageTs),
    isNull(asks.claimedBy),
    lt(asks.createdAt, hoursAgo(step * env.REMINDER_AFTER_HOURS)),
    // about to expire anyway: no point nudging (and no flood of reminders for old asks after an upgrade)
    gt(asks.createdAt, hoursAgo(env.ASK_EXPIRY_DAYS * 24)),
    notExists(db.select({ one: sql`1` }).from(volunteers).where(eq(volunteers.askId, asks.id))),
  );
}

/**
 * Claims the step of one due ask by moving its escalation_step on: the conditions are checked
 * again on the row itself, so of two replicas (or a retry after a restart) only one moves it.
 */
async function claimStep(tx: Db, env: Env, step: Step): Promise<Ask | undefined> {
  const next = tx
    .select({ id: asks.id })
    .from(asks)
    .where(due(tx, env, step))
    .limit(1)
    .for('update', { skipLocked: true });
  const [ask] = await tx
    .update(asks)
    .set({ escalationStep: step, ...(step === 1 ? { remindedAt: sql`now()` } : {}) })
    .where(and(inArray(asks.id, next), due(tx, env, step)))
    .returning();
  return ask;
}

/** The ask's catalogue skills that nobody in the workspace but the asker has declared. */
async function undeclaredSkills(db: Db, ask: Ask): Promise<string[]> {
  if (ask.skills.length === 0) return [];
  const held = db
    .select({ one: sql`1` })
    .from(personSkills)
    .where(
      and(
        eq(personSkills.teamId, ask.teamId),
        eq(personSkills.catalogueSlug, catalogueSkills.slug),
        eq(personSkills.kind, 'skill'),
        isNull(personSkills.mutedAt),
        ne(personSkills.userId, ask.askerId),
      ),
    );
  const rows = await db
    .select({ name: catalogueSkills.name })
    .from(catalogueSkills)
    .where(and(inArray(catalogueSkills.name, ask.skills), notExists(held)))
    .orderBy(catalogueSkills.name);
  return rows.map((r) => r.name);
}

/** Owes what the step says, in the transaction that claimed it. */
async function oweStep(tx: Db, env: Env, ask: Ask, step: Step): Promise<void> {
  if (step === 1) {
    // the next-best people who have the skill
    await oweMatches(tx, env, ask, { kinds: ['skill'], reason: 'escalation' });
  } else if (step === 2) {
    // People who want to learn it (they might pair up on it), and one nudge the channel sees too: a
    // reply inside the thread reaches only those following it. It names nobody: the asker hears at step 3.
    const nudge = { channel: ask.channelId, thread_ts: ask.messageTs!, reply_broadcast: true, text: channelNudge(ask) };
    await owe(tx, ask, [{ kind: 'message', message: { ...nudge, unfurl_links: false } }]);
    await oweMatches(tx, env, ask, { kinds: ['interest'], reason: 'interest' });
  } else {
    const hours = 3 * env.REMINDER_AFTER_HOURS;
    await owe(tx, ask, toAsker(ask, lastStepDm(ask, hours, await undeclaredSkills(tx, ask))));
  }
}

/**
 * The escalation ladder for asks nobody has volunteered for or taken on: at REMINDER_AFTER_HOURS
 * the next-best skilled people are told; at twice that, people keen to learn the skill and one
 * nudge in the thread, shown in the channel too; at three times, the asker hears which skills
 * nobody has declared and how to re-post. Each step runs once per ask: claiming it and owing its
 * notices are one transaction, one ask at a time, so a crash after it still sends them (the outbox
 * delivers) and replicas share the work. Steps run last first, so an ask climbs one step per run,
 * never three at once.
 */
export async function sendReminders(deps: Deps, clients: SlackClients): Promise<number> {
  const { db, env } = deps;
  let climbed = 0;
  for (const step of [3, 2, 1] as const) {
    // one ask a transaction: claiming moves it past this step, so the loop ends when none is due
    for (;;) {
      const ask = await db.transaction(async (tx) => {
        const claimed = await claimStep(tx, env, step);
        if (claimed) await oweStep(tx, env, claimed, step);
        return claimed;
      });
      if (!ask) break;
      climbed += 1;
    }
  }
  if (climbed > 0) await deps.outbox.sweep(clients);
  return climbed;
}
