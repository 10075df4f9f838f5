import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/db/client.js';
import { asks, inbox, outbox, volunteers } from '../src/db/schema/index.js';
import { SlackEmulator } from '../src/local-slack/emulator.js';
import { ACTIONS, ASK_MODAL_FIELDS, CREDIT_MODAL_FIELDS, VIEWS } from '../src/slack/ids.js';
import { type BotProcess, startBotProcess, until } from './support/bot-process.js';
import { type ProcessDatabase, processDatabase } from './support/process-database.js';

const team = { teamId: 'TRESTART01' };
const channel = 'CRESTART01';
const [asker, reacter, presser, commander, former, thanked] = [
  'URSASKER01',
  'URSREACT01',
  'URSPRESS01',
  'URSCOMMD01',
  'URSFORM001',
  'URSTHANK01',
];

let emulator: SlackEmulator;
let database: ProcessDatabase;
let env: ProcessDatabase['env'];
let bot: BotProcess | undefined;

beforeAll(async () => {
  emulator = await new SlackEmulator().start();
  for (const id of [asker, reacter, presser, commander, former, thanked])
    emulator.users.set(id, { id, team_id: team.teamId });
  database = await processDatabase(emulator.url);
  env = database.env;
});
afterAll(async () => {
  if (bot) await bot.kill();
  await database?.drop();
  await emulator?.stop();
});

const withDb = <T>(fn: (db: Db) => Promise<T>) => database.withDb(fn);

const posted = (text: string) =>
  emulator.callsTo('chat.postMessage', (a) => a.channel === channel && !a.thread_ts && a.text?.includes(text));
const inThread = (ts: string, text: string) =>
  emulator.callsTo('chat.postMessage', (a) => a.thread_ts === ts && a.text?.includes(text));
/** DMs to a person: top-level, or replies under their living DM about an ask (in their DM channel). */
const dmTo = (user: string, text: string) =>
  emulator.callsTo('chat.postMessage', (a) => [user, `D${user}`].includes(a.channel) && a.text?.includes(text));
const tsOf = (text: string) => posted(text).find((c) => c.result?.ok)!.result!.ts as string;

async function ask(text: string, user = asker): Promise<string> {
  const responseUrl = emulator.responseUrl();
  await bot!.slack.command(team, {
    command: '/ask',
    text,
    user_id: user,
    channel_id: channel,
    response_url: responseUrl,
  });
  await until(
    'the ask to be confirmed',
    () => emulator.responses.some((r) => r.url === responseUrl),
    60_000,
    bot!.output,
  );
  return tsOf(text);
}

async function askIdOf(ts: string): Promise<string> {
  return withDb(async (db) => (await db.select({ id: asks.id }).from(asks).where(eq(asks.messageTs, ts)))[0]!.id);
}

describe('the bot killed (SIGKILL) with work acknowledged and notices owed, then started again', () => {
  it('does every piece of work, and every notice arrives exactly once, with no retry from Slack', async () => {
    // Before: an ask to volunteer on, one to resolve (with a volunteer), one nobody answers for two days.
    bot = await startBotProcess(env);
    await ask('who can help plan the summer party?');
    const toResolve = await ask('who can lend me a projector?');
    await bot.slack.event(team, {
      type: 'reaction_added',
      user: thanked,
      reaction: 'raising_hand',
      item: { type: 'message', channel, ts: toResolve },
    });
    await until('the volunteer to be told to the asker', () => dmTo(asker, `<@${thanked}>`).length > 0);
    const forgotten = await ask('who knows how to fix the coffee machine?');
    await bot.stop();
    const party = tsOf('summer party');
    const [partyId, resolveId] = [await askIdOf(party), await askIdOf(toResolve)];
    // Four days old, a step up the escalation ladder: the next start's housekeeping takes the
    // second step, whose nudge goes in the thread.
    await withDb((db) =>
      db
        .update(asks)
        .set({ createdAt: sql`now() - interval '97 hours'`, escalationStep: 1 })
        .where(eq(asks.messageTs, forgotten)),
    );

    // Each piece of work is stopped at its first Slack call after the ack; the button press, the
    // resolve and the reminder have committed their change by then, with notices still owed.
    const holds = [
      emulator.hold('chat.postMessage', (a) => a.thread_ts === forgotten),
      emulator.hold('users.info', (a) => a.user === reacter),
      emulator.hold('users.info', (a) => a.user === commander),
      emulator.hold('users.info', (a) => a.user === former),
      emulator.hold('chat.postMessage', (a) => a.channel === `D${asker}` && a.text?.includes(`<@${presser}>`)),
      emulator.hold('chat.postMessage', (a) => a.thread_ts === toResolve),
    ];
    bot = await startBotProcess(env);
    await until('the reminder to be on its way', () => inThread(forgotten, '').length > 0, 60_000, bot.output);
    const acks = await Promise.all([
      bot.slack.event(team, {
        type: 'reaction_added',
        user: reacter,
        reaction: 'raising_hand',
        item: { type: 'message', channel, ts: party },
      }),
      bot.slack.command(team, {
        command: '/ask',
        text: 'who can teach me to knit?',
        user_id: commander,
        channel_id: channel,
        response_url: emulator.responseUrl(),
      }),
      bot.slack.buttonPress(
        team,
        presser,
        { action_id: ACTIONS.volunteer, value: partyId },
        { channel, ts: party, response_url: emulator.responseUrl() },
      ),
      bot.slack.viewSubmission(team, former, {
        callback_id: VIEWS.askModal,
        private_metadata: JSON.stringify({ channel }),
        values: {
          [ASK_MODAL_FIELDS.need]: {
            [ASK_MODAL_FIELDS.need]: { type: 'plain_text_input', value: 'who speaks Welsh?' },
          },
        },
      }),
      // The asker's Mark resolved form, sent: who helped.
      bot.slack.viewSubmission(team, asker, {
        callback_id: VIEWS.creditModal,
        private_metadata: JSON.stringify({ askId: resolveId }),
        values: {
          [CREDIT_MODAL_FIELDS.helpers]: {
            [CREDIT_MODAL_FIELDS.helpers]: { type: 'multi_users_select', selected_users: [thanked] },
          },
        },
      }),
    ]);
    expect(acks.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    await until(
      'every piece of work to reach Slack',
      () =>
        emulator.callsTo('users.info', (a) => [reacter, commander, former].includes(a.user)).length >= 3 &&
        dmTo(asker, `<@${presser}>`).length > 0 &&
        inThread(toResolve, 'resolved').length > 0,
      60_000,
      () =>
        JSON.stringify({
          usersInfo: emulator.callsTo('users.info', (a) => [reacter, commander, former].includes(a.user)).length,
          dm: dmTo(asker, `<@${presser}>`).length,
          thanks: inThread(toResolve, 'resolved').length,
        }) + bot!.output(),
    );
    await bot.kill();
    // Slack answers the calls the dead process made; a message among them is delivered.
    for (const release of holds) release();
    await until('Slack to take the held messages', () => dmTo(asker, `<@${presser}>`).some((c) => c.result));

    bot = await startBotProcess(env);
    // It takes over what the killed one left: on PGlite as it starts, on PostgreSQL once the killed
    // process has missed its heartbeats (15 s).
    const resolvedShown = () =>
      emulator
        .callsTo('chat.update', (a) => a.ts === toResolve && JSON.stringify(a.blocks).includes('Resolved'))
        .some((c) => c.result?.ok);
    const done = () =>
      withDb(async (db) => {
        const [pendingIn] = await db
          .select({ n: sql<number>`count(*)::int` })
          .from(inbox)
          .where(sql`${inbox.doneAt} is null`);
        const [pendingOut] = await db
          .select({ n: sql<number>`count(*)::int` })
          .from(outbox)
          .where(sql`${outbox.doneAt} is null`);
        return Number(pendingIn!.n) === 0 && Number(pendingOut!.n) === 0;
      });
    await until(
      'what was left to reach Slack',
      () =>
        dmTo(asker, `<@${reacter}>`).some((c) => c.result?.ok) &&
        posted('teach me to knit').some((c) => c.result?.ok) &&
        posted('who speaks Welsh?').some((c) => c.result?.ok) &&
        resolvedShown() &&
        // the ladder's nudge reached Slack before the crash: the new process asks Slack, not sends again
        emulator.callsTo('conversations.replies', (a) => a.ts === forgotten).some((c) => c.result?.ok),
      60_000,
      bot.output,
    );
    // On PostgreSQL the rest (the message refreshes) is looked at while it runs; on PGlite it was
    // all taken over as it started.
    if (database.shared) await until('nothing left owed', done, 60_000, bot.output);
    // SIGTERM lets it finish what is in flight, so everything it was going to do is done.
    await bot.stop();
    bot = undefined;
    expect(await done()).toBe(true);

    // The reaction: recorded, and the asker told once.
    const offers = await withDb((db) =>
      db.select({ userId: volunteers.userId }).from(volunteers).where(eq(volunteers.askId, partyId)),
    );
    expect(offers.map((o) => o.userId).sort()).toEqual([presser, reacter].sort());
    expect(dmTo(asker, `<@${reacter}>`).filter((c) => c.result?.ok)).toHaveLength(1);
    // The button: its DM reached Slack before the crash, and is not sent again.
    expect(dmTo(asker, `<@${presser}>`)).toHaveLength(1);
    // The command and the form: each ask posted once.
    expect(posted('teach me to knit').filter((c) => c.result?.ok)).toHaveLength(1);
    expect(posted('who speaks Welsh?').filter((c) => c.result?.ok)).toHaveLength(1);
    // The resolve: closed, thanked once, the message showing it.
    const [resolved] = await withDb((db) =>
      db
        .select({ status: asks.status })
        .from(asks)
        .where(and(eq(asks.id, resolveId))),
    );
    expect(resolved!.status).toBe('resolved');
    expect(inThread(toResolve, 'resolved')).toHaveLength(1);
    expect(dmTo(thanked, 'credited you').filter((c) => c.result?.ok)).toHaveLength(1);
    expect(resolvedShown()).toBe(true);
    // The ladder's step: the nudge once (it reached Slack before the crash), the step taken once.
    expect(inThread(forgotten, '')).toHaveLength(1);
    const [step] = await withDb((db) =>
      db.select({ n: asks.escalationStep }).from(asks).where(eq(asks.messageTs, forgotten)),
    );
    expect(step!.n).toBe(2);
  }, 180_000);
});
