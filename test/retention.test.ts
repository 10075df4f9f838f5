import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { askMatches, asks, digestDeliveries, people, replies } from '../src/db/schema/index.js';
import { applyRetention } from '../src/jobs/retention.js';
import { syncMembers } from '../src/people/members.js';
import { type Harness, startHarness } from './support/harness.js';
import { resolveWithForm } from './support/helping.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const DAY = 86_400_000;
const daysAgo = (days: number) => new Date(Date.now() - days * DAY);
const repliesOf = (askId: string) => h.database.db.select().from(replies).where(eq(replies.askId, askId));

describe('retention', () => {
  it(
    'reply text goes REPLY_RETENTION_DAYS after its ask closed ' + '(resolved or expired); author and time stay',
    async () => {
      const team = h.team();
      const [asker, helper] = [team.user(), team.user()];
      const [old, recent, expired] = [
        await team.ask(asker, 'who can fix the printer?'),
        await team.ask(asker, 'who can fix the coffee machine?'),
        await team.ask(asker, 'who can fix the door?'),
      ];
      for (const [i, ask] of [old, recent, expired].entries())
        await team.message({ user: helper, text: 'try turning it off', ts: `180000300${i}.000100`, thread_ts: ask.ts });
      for (const ask of [old, recent]) await resolveWithForm(h, team, asker, ask);
      const days = h.env.REPLY_RETENTION_DAYS;
      await h.database.db
        .update(asks)
        .set({ resolvedAt: daysAgo(days + 1) })
        .where(eq(asks.id, old.askId));
      await h.database.db
        .update(asks)
        .set({ resolvedAt: daysAgo(days - 1) })
        .where(eq(asks.id, recent.askId));
      await h.database.db
        .update(asks)
        .set({ status: 'expired', createdAt: daysAgo(h.env.ASK_EXPIRY_DAYS + days + 1) })
        .where(eq(asks.id, expired.askId));

      await applyRetention(h.bot.deps);
      for (const ask of [old, expired])
        expect(await repliesOf(ask.askId)).toEqual([
          expect.objectContaining({ userId: helper, text: null, postedAt: expect.any(Date) }),
        ]);
      expect((await repliesOf(recent.askId))[0]!.text).toBe('try turning it off');
      // Everything that counts or lists replies still works with the text gone.
      await team.openHome(asker);
      expect(h.lastHome(asker)).toContain('1 reply');
    },
  );

  it('a deleted ask message deletes the ask’s text, details, replies and matches', async () => {
    const team = h.team();
    const [asker, blogger] = [team.user(), team.user()];
    await team.skills(blogger, 'add blogging');
    const ask = await team.ask(asker, 'we want to start a blog, who can help?');
    await team.message({ user: blogger, text: 'me!', ts: '1800003100.000100', thread_ts: ask.ts });
    expect(await h.database.db.select().from(askMatches).where(eq(askMatches.askId, ask.askId))).not.toEqual([]);

    await team.message({ subtype: 'message_deleted', deleted_ts: ask.ts, hidden: true });
    const [row] = await h.database.db.select().from(asks).where(eq(asks.id, ask.askId));
    expect(row).toMatchObject({ status: 'deleted', text: '', details: null, skills: [] });
    expect(await repliesOf(ask.askId)).toEqual([]);
    expect(await h.database.db.select().from(askMatches).where(eq(askMatches.askId, ask.askId))).toEqual([]);
    // A reply under the tombstone is not kept either.
    await team.message({ user: blogger, text: 'still there?', ts: '1800003101.000100', thread_ts: ask.ts });
    expect(await repliesOf(ask.askId)).toEqual([]);
  });

  it('people who never used the bot are pruned once no running digest needs them', async () => {
    const team = h.team();
    const [bystander, skilled, homeUser, awaitingDigest] = [team.user(), team.user(), team.user(), team.user()];
    await syncMembers(h.database.db, (await h.clients.forWorkspace(team))!, team);
    await team.skills(skilled, 'add blogging');
    await team.openHome(homeUser);
    await h.database.db.insert(digestDeliveries).values({
      teamId: team.teamId,
      userId: awaitingDigest,
      week: '2026-W01',
      status: 'retry',
      content: {},
      plannedAt: new Date(),
    });
    const known = async () =>
      (await h.database.db.select({ userId: people.userId }).from(people).where(eq(people.teamId, team.teamId)))
        .map((p) => p.userId)
        .sort();
    await applyRetention(h.bot.deps);
    expect(await known()).toEqual([bystander, skilled, homeUser, awaitingDigest].sort());

    await h.database.db
      .update(people)
      .set({ refreshedAt: daysAgo(2) })
      .where(eq(people.teamId, team.teamId));
    await applyRetention(h.bot.deps);
    expect(await known()).toEqual([skilled, homeUser, awaitingDigest].sort());
    await h.database.db
      .update(digestDeliveries)
      .set({ status: 'sent' })
      .where(and(eq(digestDeliveries.teamId, team.teamId), eq(digestDeliveries.userId, awaitingDigest)));
    await applyRetention(h.bot.deps);
    expect(await known()).toEqual([skilled, homeUser].sort());
  });
});
