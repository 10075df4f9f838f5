// Raw SQL only for the close time of an ask (resolved_at, or when it expired) and the interval
// arithmetic on the database's clock; tables and columns are named through the schema objects.
import { and, eq, exists, inArray, isNotNull, isNull, lt, ne, not, notExists, or, sql } from 'drizzle-orm';
import {
  askMatches,
  asks,
  digestDeliveries,
  digestWeeks,
  installations,
  people,
  personSkills,
  replies,
  volunteers,
  workspaceSettings,
  workspaceUninstalls,
} from '../db/schema/index.js';
import type { Deps } from '../deps.js';
import { deleteWorkspaceRows } from '../installations/workspaces.js';
import { hoursAgo } from './since.js';

/** A person the bot never served is kept only this long after Slack last told us about them. */
const UNUSED_PERSON_HOURS = 24;
/** Planned digests (what each said, when it went) are kept this long; only this week's are ever sent. */
const DIGEST_KEPT_DAYS = 56;

export interface Retained {
  repliesCleared: number;
  deletedAsksScrubbed: number;
  workspacesDeleted: number;
  peoplePruned: number;
  digestsPruned: number;
}

/**
 * What is kept, and for how long (docs/privacy.md): reply text REPLY_RETENTION_DAYS after its ask
 * closed; nothing of a deleted ask but that it was; an uninstalled workspace nothing after
 * UNINSTALL_GRACE_DAYS; a person who never used the bot no longer than a running digest needs.
 */
export async function applyRetention(deps: Deps): Promise<Retained> {
  const { db, env } = deps;
  // Each step on its own: one failing never keeps the others from running.
  const step = (what: string, work: () => Promise<number>) =>
    work().catch((err: unknown) => {
      deps.log.warn({ err }, `retention: ${what} failed`);
      return 0;
    });
  const repliesCleared = await step('clearing reply text', () => clearReplyText(deps));
  const deletedAsksScrubbed = await step('scrubbing deleted asks', () => scrubDeletedAsks(deps));
  const workspacesDeleted = await step('deleting uninstalled workspaces', async () => {
    let n = 0;
    for (const teamId of await uninstalledPastGrace(deps)) {
      const rows = await deleteWorkspaceRows(db, teamId);
      deps.log.info({ teamId, rows, graceDays: env.UNINSTALL_GRACE_DAYS }, 'deleted an uninstalled workspace’s data');
      n += 1;
    }
    return n;
  });
  const peoplePruned = await step('pruning people', () => pruneUnusedPeople(deps));
  const digestsPruned = await step('pruning digests', () => pruneOldDigests(deps));
  return { repliesCleared, deletedAsksScrubbed, workspacesDeleted, peoplePruned, digestsPruned };
}

/** When an ask closed: resolved at its resolved_at; expired ASK_EXPIRY_DAYS after it was asked. */
const closedAt = (expiryDays: number) =>
  sql`coalesce(${asks.resolvedAt}, ${asks.createdAt} + make_interval(days => ${expiryDays}))`;

/** Reply text of asks closed more than REPLY_RETENTION_DAYS ago: only author and time remain. */
async function clearReplyText({ db, env }: Deps): Promise<number> {
  const closedLongAgo = db
    .select({ id: asks.id })
    .from(asks)
    .where(
      and(
        inArray(asks.status, ['resolved', 'expired', 'deleted']),
        lt(closedAt(env.ASK_EXPIRY_DAYS), hoursAgo(env.REPLY_RETENTION_DAYS * 24)),
      ),
    );
  const cleared = await db
    .update(replies)
    .set({ text: null })
    .where(and(isNotNull(replies.text), inArray(replies.askId, closedLongAgo)))
    .returning({ ts: replies.ts });
  return cleared.length;
}

/**
 * Deleted asks still holding text (deleted before deletion scrubbed them, say) lose it, and their
 * replies and matches.
 */
async function scrubDeletedAsks({ db }: Deps): Promise<number> {
  return db.transaction(async (tx) => {
    const scrubbed = await tx
      .update(asks)
      .set({ text: '', details: null, skills: [] })
      .where(and(eq(asks.status, 'deleted'), or(ne(asks.text, ''), isNotNull(asks.details))))
      .returning({ id: asks.id });
    const ids = scrubbed.map((a) => a.id);
    if (ids.length > 0) {
      await tx.delete(replies).where(inArray(replies.askId, ids));
      await tx.delete(askMatches).where(inArray(askMatches.askId, ids));
    }
    return ids.length;
  });
}

/** Workspaces uninstalled more than UNINSTALL_GRACE_DAYS ago and not installed again since. */
async function uninstalledPastGrace({ db, env }: Deps): Promise<string[]> {
  const installedAgain = db
    .select({ key: installations.key })
    .from(installations)
    .where(
      or(
        eq(installations.key, sql`'team:' || ${workspaceUninstalls.teamId}`),
        eq(installations.key, sql`'enterprise:' || ${workspaceUninstalls.enterpriseId}`),
      ),
    );
  const rows = await db
    .select({ teamId: workspaceUninstalls.teamId })
    .from(workspaceUninstalls)
    .where(
      and(lt(workspaceUninstalls.uninstalledAt, hoursAgo(env.UNINSTALL_GRACE_DAYS * 24)), notExists(installedAgain)),
    );
  return rows.map((r) => r.teamId);
}

/**
 * People known only because Slack told us about them (a member sync, a mention): no skills, asks,
 * volunteering, Home tab, digest choice or settings change, and no digest of theirs still to send.
 */
async function pruneUnusedPeople({ db }: Deps): Promise<number> {
  const pruned = await db
    .delete(people)
    .where(
      and(
        isNull(people.homeOpenedAt),
        not(people.digestOptOut),
        lt(people.refreshedAt, hoursAgo(UNUSED_PERSON_HOURS)),
        notExists(
          db
            .select({ one: sql`1` })
            .from(personSkills)
            .where(and(eq(personSkills.teamId, people.teamId), eq(personSkills.userId, people.userId))),
        ),
        notExists(
          db
            .select({ one: sql`1` })
            .from(asks)
            .where(and(eq(asks.teamId, people.teamId), eq(asks.askerId, people.userId))),
        ),
        notExists(
          db
            .select({ one: sql`1` })
            .from(volunteers)
            .where(and(eq(volunteers.teamId, people.teamId), eq(volunteers.userId, people.userId))),
        ),
        notExists(
          db
            .select({ one: sql`1` })
            .from(workspaceSettings)
            .where(and(eq(workspaceSettings.teamId, people.teamId), eq(workspaceSettings.updatedBy, people.userId))),
        ),
        // a running digest still needs them: planned, being sent, or to be tried again
        not(
          exists(
            db
              .select({ one: sql`1` })
              .from(digestDeliveries)
              .where(
                and(
                  eq(digestDeliveries.teamId, people.teamId),
                  eq(digestDeliveries.userId, people.userId),
                  inArray(digestDeliveries.status, ['pending', 'claimed', 'sending', 'retry']),
                ),
              ),
          ),
        ),
      ),
    )
    .returning({ userId: people.userId });
  return pruned.length;
}

/** Digests planned more than DIGEST_KEPT_DAYS ago, and the weeks they belonged to. */
async function pruneOldDigests({ db }: Deps): Promise<number> {
  const old = hoursAgo(DIGEST_KEPT_DAYS * 24);
  const gone = await db
    .delete(digestDeliveries)
    .where(lt(digestDeliveries.plannedAt, old))
    .returning({ userId: digestDeliveries.userId });
  await db.delete(digestWeeks).where(lt(digestWeeks.plannedAt, old));
  return gone.length;
}
