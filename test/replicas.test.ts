import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertAsk, markPosted } from '../src/asks/queries.js';
import { rowsOf } from '../src/db/client.js';
import { people, volunteers } from '../src/db/schema/index.js';
import { SlackEmulator } from '../src/local-slack/emulator.js';
import { parseSkillList } from '../src/skills/normalise.js';
import { addSkills } from '../src/skills/queries.js';
import { type BotProcess, newSigningSecret, startBotProcess, until } from './support/bot-process.js';
import { type FreshDatabase, freshDatabase, serverUrl } from './support/database.js';

let emulator: SlackEmulator;
let fresh: FreshDatabase;
let replicas: BotProcess[] = [];

const runsFinished = (bot: BotProcess) => bot.output().split('"msg":"digest run finished"').length - 1;
const digestsTo = (user: string) =>
  emulator.callsTo('chat.postMessage', (a) => a.channel === user && a.metadata?.event_type === 'who_can_help_digest');

describe.runIf(serverUrl)('two bot processes on one PostgreSQL behind one Slack', () => {
  beforeAll(async () => {
    emulator = await new SlackEmulator().start();
    // An empty database: both processes migrate and seed the catalogue as they start.
    fresh = await freshDatabase();
    const env = {
      SLACK_SIGNING_SECRET: newSigningSecret(),
      SLACK_API_URL: emulator.url,
      DATABASE_URL: fresh.url!,
      // Every second, so both run the weekly digest again and again while the test watches.
      DIGEST_CRON: '* * * * * *',
    };
    replicas = await Promise.all([startBotProcess(env), startBotProcess(env)]);
  }, 120_000);
  afterAll(async () => {
    await Promise.all(replicas.map((r) => r.kill()));
    await fresh?.drop();
    await emulator?.stop();
  });

  it('start together on an empty database: each migration applied once, the catalogue seeded once', async () => {
    const migrations = await rowsOf<{ n: number; distinct: number }>(
      fresh.database.db,
      sql`select count(*)::int as n, count(distinct hash)::int as distinct from drizzle.__drizzle_migrations`,
    );
    const journal = JSON.parse(readFileSync(new URL('../drizzle/meta/_journal.json', import.meta.url), 'utf8')) as {
      entries: unknown[];
    };
    expect(migrations[0]!.n).toBe(journal.entries.length);
    expect(migrations[0]!.n).toBe(migrations[0]!.distinct);
    const catalogue = await rowsOf<{ n: number; distinct: number }>(
      fresh.database.db,
      sql`select count(*)::int as n, count(distinct slug)::int as distinct from catalogue_skills`,
    );
    expect(catalogue[0]!.n).toBeGreaterThan(200);
    expect(catalogue[0]!.n).toBe(catalogue[0]!.distinct);
    for (const r of replicas) expect(r.output()).not.toContain('"level":50');
  });

  it('events split between them, and delivered to both, act once each', async () => {
    const team = { teamId: 'TREPLICA01' };
    const channel = 'CREPLICA01';
    const asker = 'UREPASKER1';
    const [a, b] = replicas as [BotProcess, BotProcess];
    const helpers = Array.from({ length: 10 }, (_, i) => `UREPHELP${String(i).padStart(2, '0')}`);
    for (const id of [asker, ...helpers]) emulator.users.set(id, { id, team_id: team.teamId });
    const responseUrl = emulator.responseUrl();
    await a.slack.command(team, {
      command: '/ask',
      text: 'who can help us run a hackathon?',
      user_id: asker,
      channel_id: channel,
      response_url: responseUrl,
    });
    await until('the ask to be confirmed', () => emulator.responses.some((r) => r.url === responseUrl));
    const ts = emulator
      .callsTo('chat.postMessage', (c) => c.channel === channel && !c.thread_ts)
      .find((c) => c.result?.ok)!.result!.ts as string;

    const event = (user: string) => ({
      type: 'reaction_added',
      user,
      reaction: 'raising_hand',
      item: { type: 'message', channel, ts },
    });
    const deliveries = helpers.flatMap((user, i) => {
      const eventId = `EvREPLICA${String(i).padStart(4, '0')}`;
      const [one, other] = i % 2 ? [a, b] : [b, a];
      // The first six reach both processes at once (a retry landing on the other replica); the rest one each.
      return i < 6
        ? [
            one.slack.event(team, event(user), { eventId }),
            other.slack.event(team, event(user), { eventId, retryNum: 1 }),
          ]
        : [one.slack.event(team, event(user), { eventId })];
    });
    expect((await Promise.all(deliveries)).map((r) => r.status)).toEqual(deliveries.map(() => 200));

    const toldAbout = (helper: string) =>
      emulator.callsTo(
        'chat.postMessage',
        // A reply under the asker's living DM about the ask.
        (c) => c.channel === `D${asker}` && c.text?.includes(`<@${helper}> can help`),
      );
    await until('the asker to hear of every volunteer', () =>
      helpers.every((h) => toldAbout(h).some((c) => c.result?.ok)),
    );
    const rows = await fresh.database.db
      .select({ userId: volunteers.userId })
      .from(volunteers)
      .where(sql`${volunteers.teamId} = ${team.teamId}`);
    expect(rows.map((r) => r.userId).sort()).toEqual(helpers);
    for (const helper of helpers) expect(toldAbout(helper)).toHaveLength(1);
  });

  it('the ask message ends up showing every volunteer, whichever replica’s update lands last', async () => {
    const team = { teamId: 'TREPLICA03' };
    const channel = 'CREPLICA03';
    const [asker, early, late] = ['UREPASKER3', 'UREPEARLY3', 'UREPLATE03'];
    for (const id of [asker, early, late]) emulator.users.set(id, { id, team_id: team.teamId });
    const [a, b] = replicas as [BotProcess, BotProcess];
    const responseUrl = emulator.responseUrl();
    await a.slack.command(team, {
      command: '/ask',
      text: 'who can help me move a piano?',
      user_id: asker,
      channel_id: channel,
      response_url: responseUrl,
    });
    await until('the ask to be confirmed', () => emulator.responses.some((r) => r.url === responseUrl));
    const ts = emulator
      .callsTo('chat.postMessage', (c) => c.channel === channel && !c.thread_ts)
      .find((c) => c.result?.ok)!.result!.ts as string;
    const updates = () => emulator.callsTo('chat.update', (c) => c.ts === ts);
    const shows = (c: { args: Record<string, any> }, text: string) => JSON.stringify(c.args.blocks).includes(text);
    const event = (user: string) => ({
      type: 'reaction_added',
      user,
      reaction: 'raising_hand',
      item: { type: 'message', channel, ts },
    });

    // One replica's update for the first volunteer is slow to reach Slack ...
    const land = emulator.hold('chat.update', (c) => c.ts === ts && JSON.stringify(c.blocks).includes('1 volunteer:'));
    await a.slack.event(team, event(early), { eventId: 'EvREPSTALE01' });
    await until('the first update to be on its way', () => updates().some((c) => shows(c, '1 volunteer:')));
    // ... while the other records the second volunteer and updates the message first.
    await b.slack.event(team, event(late), { eventId: 'EvREPSTALE02' });
    await until('the second update to land', () => updates().some((c) => shows(c, '2 volunteers') && c.result?.ok));
    const showingBoth = () => updates().filter((c) => shows(c, '2 volunteers') && c.result?.ok).length;
    const before = showingBoth();
    land();
    await until('the older update to land too', () => updates().some((c) => shows(c, '1 volunteer:') && c.result?.ok));
    // Slack now shows the older one. Only an update sent after it landed (so landing later) can put it right.
    await until('an update with both volunteers after it', () => showingBoth() > before, 10_000);
  });

  it('the weekly digest, run by both again and again, goes to each person once', async () => {
    const ws = { teamId: 'TREPLICA02' };
    const users = Array.from({ length: 24 }, (_, i) => `UREPDIG${String(i).padStart(3, '0')}`);
    // One transaction, so no run can plan the week with half of it.
    await fresh.database.db.transaction(async (tx) => {
      await tx.insert(people).values(users.map((userId) => ({ teamId: ws.teamId, userId, name: userId })));
      for (const u of users) await addSkills(tx, ws, u, 'skill', parseSkillList('blogging'));
      const draft = await insertAsk(tx, {
        teamId: ws.teamId,
        // Someone else asks: an ask with no news since it was posted is no digest for its asker.
        askerId: 'UREPDIGASKER',
        channelId: 'CREPLICA02',
        text: 'we want to start a blog',
        skills: ['Blogging'],
      });
      await markPosted(tx, draft, { channelId: 'CREPLICA02', messageTs: '1700000000.000100', permalink: null });
    });
    await until('everyone to get a digest', () => users.every((u) => digestsTo(u).some((c) => c.result?.ok)), 60_000);
    // Two more runs each after that: any second digest would have gone out by then.
    const seen = replicas.map(runsFinished);
    await until(
      'both to run the digest twice more',
      () => replicas.every((r, i) => runsFinished(r) >= seen[i]! + 2),
      30_000,
    );
    await Promise.all(replicas.map((r) => r.stop()));
    for (const u of users) expect(digestsTo(u)).toHaveLength(1);
  }, 90_000);
});
