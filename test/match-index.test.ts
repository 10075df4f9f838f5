import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evalAsks, evalPeople } from '../bench/matching-eval/score.js';
import { connectPostgres, rowsOf } from '../src/db/client.js';
import { personSkills, skillChanges } from '../src/db/schema/index.js';
import { loadCatalogue } from '../src/skills/catalogue.js';
import { pruneSkillChanges } from '../src/skills/match-index-queries.js';
import { matchIndex } from '../src/skills/match-index-store.js';
import { type MatchQuery, matchPeople, matchPeopleInSql } from '../src/skills/matching.js';
import { serverUrl } from './support/database.js';
import { type Harness, startHarness } from './support/harness.js';
import { resolveWithForm } from './support/helping.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

// Each process ranks matches from an in-memory copy of who holds what (src/skills/match-index.ts),
// which must rank exactly as the matching statement does and follow every change before it answers.
describe('the match index', () => {
  it('answers after every change: a skill added, removed or set aside, and someone who left', async () => {
    const team = h.team();
    const [a, b, c] = [team.user(), team.user(), team.user()];
    // who /skills who shows, and how many it says matched
    const who = async () => {
      const text = (await team.skills(team.user(), 'who beekeeping')).text ?? '';
      const { matches, total } = await matchPeople(h.database.db, team, { text: 'beekeeping', limit: 20 });
      expect(text.includes('more')).toBe(total > matches.length);
      return { text, total };
    };
    await team.skills(a, 'add beekeeping');
    expect(await who()).toMatchObject({ text: expect.stringContaining(`<@${a}>`), total: 1 });
    await team.skills(b, 'add beekeeping');
    await team.skills(c, 'interest beekeeping');
    const all = await who();
    for (const u of [a, b, c]) expect(all.text).toContain(`<@${u}>`);
    expect(all.total).toBe(3);

    await team.skills(a, 'remove beekeeping');
    expect(await who()).toMatchObject({ text: expect.not.stringContaining(`<@${a}>`), total: 2 });
    // *Not my area*: the row stays, matching nothing
    await h.database.db
      .update(personSkills)
      .set({ mutedAt: new Date() })
      .where(and(eq(personSkills.teamId, team.teamId), eq(personSkills.userId, b)));
    expect(await who()).toMatchObject({ text: expect.not.stringContaining(`<@${b}>`), total: 1 });
    await h.slack.event(team, { type: 'user_change', user: { id: c, team_id: team.teamId, deleted: true } });
    await h.idle();
    expect(await who()).toMatchObject({ text: expect.not.stringContaining('<@'), total: 0 });
  });

  it('never matches an excluded person found only by help they gave before', async () => {
    const team = h.team();
    const [asker, helper, planner] = [team.user(), team.user(), team.user()];
    await team.skills(planner, 'add conference organising');
    const first = await team.ask(asker, 'Organising a conference for 200 people in March');
    await resolveWithForm(h, team, asker, first, { helpers: [helper] });
    // the helper, who declared nothing, now asks about a conference themselves
    const query = { text: 'Who can help with a conference venue?', limit: 5, exclude: [helper] };
    const found = (await matchPeople(h.database.db, team, query)).matches.map((m) => m.userId);
    expect(found).toContain(planner);
    expect(found).not.toContain(helper);
  });

  it('ranks in a transaction while a query outside it waits for the connection it holds', async () => {
    const team = h.team();
    const a = team.user();
    await team.skills(a, 'add beekeeping');
    const query = { text: 'beekeeping', limit: 5 };
    const db = h.database.db;
    await matchPeople(db, team, query);
    let outside: Promise<unknown> | undefined;
    const inside = await db.transaction(async (tx) => {
      // on PGlite (one connection) this waits for the transaction to end
      outside = matchPeople(db, team, query);
      await new Promise((r) => setTimeout(r, 50));
      return matchPeople(tx, team, query);
    });
    expect(inside.matches.map((m) => m.userId)).toEqual([a]);
    await outside;
  }, 10_000);

  it('counts 3,000 people changed at once, as more are added and removed', async () => {
    const team = h.team();
    const first = team.user();
    await team.skills(first, 'add beekeeping');
    const db = h.database.db;
    const total = async () => (await matchPeople(db, team, { text: 'beekeeping', limit: 5 })).total;
    expect(await total()).toBe(1);
    // past the 2,000 people kept apart, the index folds them into its lists
    await db.execute(sql`insert into person_skills (team_id, user_id, kind, name, norm, lexemes)
      select ${team.teamId}, 'UMANY' || g, (case when g % 2 = 0 then 'skill' else 'interest' end)::skill_kind,
             'beekeeping', 'beekeeping', '{beekeep}'
      from generate_series(1, 3000) g`);
    expect(await total()).toBe(3001);
    await db.execute(sql`delete from person_skills where team_id = ${team.teamId} and user_id like 'UMANY1%'`);
    await team.skills(team.user(), 'interest beekeeping');
    expect(await total()).toBe(3001 - 1111 + 1);
    for (const kinds of [['skill'], ['interest']] as const) {
      const query = { text: 'beekeeping', limit: 20, kinds: [...kinds] };
      const [indexed, bySql] = [await matchPeople(db, team, query), await matchPeopleInSql(db, team, query)];
      expect(indexed).toEqual(bySql);
      expect(bySql.total).toBeGreaterThan(900);
    }
  });

  it("puts back a caller's settings after matching in its transaction; forgets hour-old change rows", async () => {
    const team = h.team();
    await team.skills(team.user(), 'add beekeeping');
    const db = h.database.db;
    const settings = sql`select current_setting('plan_cache_mode') as plans,
      current_setting('pg_trgm.similarity_threshold', true) as threshold`;
    const [before, after] = await db.transaction(async (tx) => {
      await tx.execute(sql`select set_config('pg_trgm.similarity_threshold', '0.3', true)`);
      const was = await rowsOf(tx, settings);
      await matchPeople(tx, team, { text: 'beekeeping', limit: 5 });
      return [was, await rowsOf(tx, settings)];
    });
    expect(after).toEqual(before);

    await db.insert(skillChanges).values([
      { teamId: team.teamId, userId: 'UOLD', changedAt: new Date(Date.now() - 2 * 3_600_000) },
      { teamId: team.teamId, userId: 'UNEW' },
    ]);
    await pruneSkillChanges(db);
    const left = await db.select().from(skillChanges).where(eq(skillChanges.teamId, team.teamId));
    expect(left.map((r) => r.userId)).not.toContain('UOLD');
    expect(left.map((r) => r.userId)).toContain('UNEW');
  });

  it('counts an import of 6,000 people at once, and after loading the index afresh', async () => {
    const team = h.team();
    const first = team.user();
    await team.skills(first, 'add beekeeping');
    const total = async () => (await matchPeople(h.database.db, team, { text: 'beekeeping', limit: 5 })).total;
    expect(await total()).toBe(1);
    // more people changed than a request may read: the index is loaded again, SQL ranks meanwhile
    await h.database.db.execute(sql`insert into person_skills (team_id, user_id, kind, name, norm, lexemes)
      select ${team.teamId}, 'UIMPORT' || g, 'skill', 'beekeeping', 'beekeeping', '{beekeep}'
      from generate_series(1, 6000) g`);
    expect(await matchIndex(h.database.db, team.teamId)).toBeUndefined();
    expect(await total()).toBe(6001);
    // loaded again in the background: a second or so, longer on a busy machine
    let index = await matchIndex(h.database.db, team.teamId);
    for (let i = 0; i < 100 && !index; i++) {
      await new Promise((r) => setTimeout(r, 100));
      index = await matchIndex(h.database.db, team.teamId);
    }
    expect(index).toBeDefined();
    expect(await total()).toBe(6001);
  });

  it.runIf(serverUrl)(
    "sees another replica's change at once, and never a transaction's own before it commits",
    async () => {
      const team = h.team();
      const [a, b] = [team.user(), team.user()];
      await team.skills(a, 'add beekeeping');
      const query = { text: 'beekeeping', limit: 20 };
      const found = async () => (await matchPeople(h.database.db, team, query)).matches.map((m) => m.userId);
      expect(await found()).toEqual([a]);
      // another process's connection adds b
      const other = connectPostgres(h.databaseUrl!);
      try {
        await other.db.execute(sql`insert into person_skills (team_id, user_id, kind, name, norm, lexemes)
          values (${team.teamId}, ${b}, 'skill', 'Beekeeping', 'beekeeping', '{beekeep}')`);
      } finally {
        await other.close();
      }
      expect((await found()).sort()).toEqual([a, b].sort());
      // a transaction that wrote before matching (an ask) and changes skills after it: seen once it commits
      const c = team.user();
      const another = connectPostgres(h.databaseUrl!);
      try {
        await h.database.db.transaction(async (tx) => {
          await tx.execute(sql`select pg_current_xact_id()`);
          // a later transaction commits first, so this one's id is below the snapshot's xmax
          await another.db.execute(sql`select pg_current_xact_id()`);
          await matchPeople(tx, team, query);
          await tx.execute(sql`insert into person_skills (team_id, user_id, kind, name, norm, lexemes)
            values (${team.teamId}, ${c}, 'skill', 'Beekeeping', 'beekeeping', '{beekeep}')`);
        });
      } finally {
        await another.close();
      }
      expect((await found()).sort()).toEqual([a, b, c].sort());
      await h.database.db
        .delete(personSkills)
        .where(and(eq(personSkills.teamId, team.teamId), eq(personSkills.userId, c)));
      // a transaction that removed a sees its own change (ranked in SQL), and after its rollback nobody does
      await h.database.db
        .transaction(async (tx) => {
          await tx.delete(personSkills).where(and(eq(personSkills.teamId, team.teamId), eq(personSkills.userId, a)));
          expect((await matchPeople(tx, team, query)).matches.map((m) => m.userId)).toEqual([b]);
          tx.rollback();
        })
        .catch(() => {});
      expect((await found()).sort()).toEqual([a, b].sort());
    },
  );
  // last: its 25 s of direct queries leave the harness's kept-alive HTTP connection to time out
  it('ranks every labelled ask, as /skills who and as a notice, exactly as the matching statement does', async () => {
    const catalogue = h.team();
    const free = h.team();
    const declarations = [
      ...loadCatalogue().map((e) => ({ team: catalogue, text: e.name })),
      ...evalPeople().map((p) => ({ team: free, text: p.declares })),
    ];
    for (let i = 0; i < declarations.length; i += 10)
      await Promise.all(declarations.slice(i, i + 10).map(({ team, text }) => team.skills(team.user(), `add ${text}`)));
    // a leaver, an interest and a guest among the holders
    const [leaver, learner, guest] = [free.user(), free.user(), free.user({ is_restricted: true })];
    await free.skills(leaver, 'add proofreading, event planning, sql');
    await free.skills(learner, 'interest proofreading, event planning, sql');
    await free.skills(guest, 'add proofreading, event planning, sql');
    await h.slack.event(free, { type: 'user_change', user: { id: leaver, team_id: free.teamId, deleted: true } });
    await h.idle();

    const db = h.database.db;
    let compared = 0;
    for (const team of [catalogue, free])
      for (const [i, ask] of evalAsks().entries()) {
        const query: MatchQuery =
          i % 2 === 0
            ? { text: ask.text, limit: 20 }
            : { text: ask.text, limit: 5, exclude: [learner], kinds: ['skill'], notice: { perWeek: 3 } };
        const [indexed, bySql] = [await matchPeople(db, team, query), await matchPeopleInSql(db, team, query)];
        expect(indexed, `${team.teamId}: ${ask.text}`).toEqual(bySql);
        compared += bySql.matches.length;
      }
    // the comparison is of something: most asks found people
    expect(compared).toBeGreaterThan(1000);
  }, 600_000);
});
