import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/db/client.js';
import { inbox, volunteers } from '../src/db/schema/index.js';
import { SlackEmulator } from '../src/local-slack/emulator.js';
import { type BotProcess, startBotProcess, until } from './support/bot-process.js';
import { type ProcessDatabase, processDatabase } from './support/process-database.js';

const team = { teamId: 'TCRASH0001' };
const channel = 'CCRASH0001';
const [asker, first, second] = ['UCRASHASK1', 'UCRASHVOL1', 'UCRASHVOL2'];

let emulator: SlackEmulator;
let database: ProcessDatabase;
let env: ProcessDatabase['env'];
let bot: BotProcess | undefined;

beforeAll(async () => {
  emulator = await new SlackEmulator().start();
  for (const id of [asker, first, second]) emulator.users.set(id, { id, team_id: team.teamId });
  database = await processDatabase(emulator.url);
  env = database.env;
});
afterAll(async () => {
  if (bot) await bot.kill();
  await database?.drop();
  await emulator?.stop();
});

const withDb = <T>(fn: (db: Db) => Promise<T>) => database.withDb(fn);

const reaction = (user: string, ts: string) => ({
  type: 'reaction_added',
  user,
  reaction: 'raising_hand',
  item: { type: 'message', channel, ts },
});
/** The asker hears of a volunteer in a reply under their living DM about the ask (their DM channel). */
const toldAbout = (helper: string) =>
  emulator.callsTo('chat.postMessage', (a) => a.channel === `D${asker}` && a.text?.includes(`<@${helper}> can help`));
const volunteerIds = () =>
  withDb(async (db) => (await db.select({ userId: volunteers.userId }).from(volunteers)).map((v) => v.userId).sort());
const finished = (eventId: string) =>
  withDb(async (db) => (await db.select().from(inbox).where(eq(inbox.key, eventId)))[0]?.doneAt != null);

describe('the bot killed (SIGKILL) mid-event and started again', () => {
  it("Slack's retry of the event completes it exactly once", async () => {
    bot = await startBotProcess(env);
    const responseUrl = emulator.responseUrl();
    await bot.slack.command(team, {
      command: '/ask',
      text: 'we want to start a blog, who can help?',
      user_id: asker,
      channel_id: channel,
      response_url: responseUrl,
    });
    await until(
      'the ask to be confirmed',
      () => emulator.responses.some((r) => r.url === responseUrl),
      30_000,
      bot.output,
    );
    const ts = emulator
      .callsTo('chat.postMessage', (a) => a.channel === channel && !a.thread_ts)
      .find((c) => c.result?.ok)!.result!.ts as string;

    // Killed before it wrote anything: while Slack is asked who reacted.
    const answer = emulator.hold('users.info', (a) => a.user === first);
    expect((await bot.slack.event(team, reaction(first, ts), { eventId: 'EvCRASH00001' })).status).toBe(200);
    await until(
      'the bot to look the volunteer up',
      () => emulator.callsTo('users.info', (a) => a.user === first).length > 0,
    );
    await bot.kill();
    answer();
    expect(await volunteerIds()).toEqual([]);

    bot = await startBotProcess(env);
    await bot.slack.event(team, reaction(first, ts), { eventId: 'EvCRASH00001', retryNum: 1 });
    await until(
      'the asker to hear of the first volunteer',
      () => toldAbout(first).some((c) => c.result?.ok),
      30_000,
      bot!.output,
    );

    // Killed after it recorded the volunteer, with the DM to the asker on its way: Slack delivers it.
    const deliver = emulator.hold(
      'chat.postMessage',
      (a) => a.channel === `D${asker}` && a.text?.includes(`<@${second}>`),
    );
    await bot.slack.event(team, reaction(second, ts), { eventId: 'EvCRASH00002' });
    await until('the DM about the second volunteer to reach Slack', () => toldAbout(second).length > 0);
    await bot.kill();
    deliver();
    await until('Slack to deliver it', () => toldAbout(second).some((c) => c.result?.ok));
    expect(await finished('EvCRASH00002')).toBe(false);

    bot = await startBotProcess(env);
    await bot.slack.event(team, reaction(second, ts), { eventId: 'EvCRASH00002', retryNum: 1 });
    // On PostgreSQL the retry first waits for the killed process to miss its heartbeats.
    if (database.shared) await until('the retry to be handled', () => finished('EvCRASH00002'), 30_000, bot.output);
    // SIGTERM lets it finish what is in flight, so everything it was going to do is done.
    await bot.stop();
    bot = undefined;

    expect(await volunteerIds()).toEqual([first, second].sort());
    expect(toldAbout(first)).toHaveLength(1);
    expect(toldAbout(second)).toHaveLength(1);
    expect(await finished('EvCRASH00001')).toBe(true);
    expect(await finished('EvCRASH00002')).toBe(true);
  }, 120_000);
});
