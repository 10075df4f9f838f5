import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forgottenPeople, people } from '../src/db/schema/index.js';
import { type Harness, startHarness, type TestTeam } from './support/harness.js';

let h: Harness;
beforeAll(async () => {
  // Everyone: the digest first lists each workspace's members (users.list) and stores them.
  h = await startHarness({ env: { DIGEST_AUDIENCE: 'all' } });
});
afterAll(async () => {
  await h?.close();
});

const personOf = async (team: TestTeam, userId: string) =>
  (
    await h.database.db
      .select()
      .from(people)
      .where(and(eq(people.teamId, team.teamId), eq(people.userId, userId)))
  )[0];
const isForgotten = async (team: TestTeam, userId: string) =>
  (
    await h.database.db
      .select()
      .from(forgottenPeople)
      .where(and(eq(forgottenPeople.teamId, team.teamId), eq(forgottenPeople.userId, userId)))
  ).length > 0;

describe('a person who asked to be forgotten', () => {
  it('is not stored again by user_change or a member sync, only when they use the bot again themselves', async () => {
    const team = h.team();
    const [colleague, gone] = [team.user(), team.user({ name: 'Gone Person', tz: 'Europe/Paris' })];
    await team.skills(colleague, 'add python');
    await team.skills(gone, 'add python');
    // What forgetting leaves behind: no profile, and the wish to stay forgotten.
    await h.database.db.delete(people).where(and(eq(people.teamId, team.teamId), eq(people.userId, gone)));
    await h.database.db.insert(forgottenPeople).values({ teamId: team.teamId, userId: gone });

    await h.slack.event(team, {
      type: 'user_change',
      user: { id: gone, team_id: team.teamId, name: 'gone', real_name: 'Gone Person', tz: 'Europe/Paris' },
    });
    await h.idle();
    expect(await personOf(team, gone)).toBeUndefined();

    await h.digest();
    expect(h.emulator.callsTo('users.list', (a) => a.team_id === team.teamId).length).toBeGreaterThan(0);
    expect(await personOf(team, colleague)).toBeDefined();
    expect(await personOf(team, gone)).toBeUndefined();

    // They use the bot again: their choice, so they are stored as anyone is.
    await team.skills(gone, 'add baking');
    expect(await personOf(team, gone)).toMatchObject({ realName: gone, tz: 'Europe/Paris' });
    expect(await isForgotten(team, gone)).toBe(false);
  });
});
