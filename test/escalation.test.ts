import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Bot, startBot } from '../src/bot.js';
import { asks } from '../src/db/schema/index.js';
import { expireAsks } from '../src/jobs/expiry.js';
import { sendReminders } from '../src/jobs/reminders.js';
import { createLogger } from '../src/logger.js';
import { type Harness, startHarness } from './support/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const H = 48; // REMINDER_AFTER_HOURS, its default
const climb = (bot: Bot = h.bot) => sendReminders(bot.deps, h.clients);
const inThread = (ts: string) =>
  h.emulator.callsTo('chat.postMessage', (a) => a.thread_ts === ts).map((c) => c.args.text as string);
const dmsTo = (user: string, text?: string) => h.dmsTo(user, text);
/** The unanswered nudge, in the thread and shown in the channel too. */
const NUDGE = 'Still looking for help';
const inChannel = (ts: string) =>
  h.emulator.callsTo('chat.postMessage', (a) => a.thread_ts === ts && String(a.reply_broadcast) === 'true');
const stepOf = async (askId: string) =>
  (await h.database.db.select({ step: asks.escalationStep }).from(asks).where(eq(asks.id, askId)))[0]!.step;

/** Seven people who do user research (five are told at once), two who want to learn it, one ask. */
async function ladder() {
  const team = h.team();
  const asker = team.user();
  const experts = Array.from({ length: 7 }, () => team.user());
  const learners = [team.user(), team.user()];
  for (const u of experts) await team.skills(u, 'add user research');
  for (const u of learners) await team.skills(u, 'interest user research');
  const ask = await team.ask(asker, 'who can run user research interviews about our kubernetes rollout?');
  const told = experts.filter((u) => inThread(ask.ts)[0]!.includes(u));
  return { team, asker, experts, learners, ask, told, later: experts.filter((u) => !told.includes(u)) };
}

/** Another process on the same database, as a second replica or the same one restarted. */
const anotherBot = () => startBot({ ...h.env, PORT: 0 }, { database: h.database, log: createLogger('silent') });

describe('the escalation ladder', () => {
  it('over time: more skilled people, then learners and a nudge, then the asker hears what nobody has', async () => {
    const { asker, learners, ask, told, later } = await ladder();
    expect(told).toHaveLength(5);

    await h.age(ask.askId, H - 1);
    await climb();
    expect(inThread(ask.ts)).toHaveLength(1);

    await h.age(ask.askId, H + 1);
    await climb();
    await climb();
    const step1 = inThread(ask.ts);
    expect(step1).toHaveLength(2);
    for (const u of later) expect(step1[1]).toContain(`<@${u}>`);
    for (const u of [...told, ...learners]) expect(step1[1]).not.toContain(u);
    expect(step1.join('\n')).not.toContain(NUDGE);

    await h.age(ask.askId, 2 * H + 1);
    await climb();
    await climb();
    const step2 = inThread(ask.ts).slice(2);
    expect(step2).toHaveLength(1);
    expect(step2[0]).toContain(NUDGE);
    expect(step2[0]).toContain('“who can run user research interviews about our kubernetes rollout?”');
    // the channel sees it once, and it pings nobody: the asker hears by DM at the next step
    expect(inChannel(ask.ts).map((c) => c.args.text)).toEqual([step2[0]]);
    expect(step2[0]).not.toMatch(/<@|<!/);
    // Learners are told by DM: wanting to learn something is never said in public.
    for (const u of learners) expect(dmsTo(u, 'want to learn *User research*')).toHaveLength(1);
    for (const u of learners) expect(step2.join('\n')).not.toContain(u);
    expect(dmsTo(asker, 'Nobody has volunteered')).toHaveLength(0);

    await h.age(ask.askId, 3 * H + 1);
    await climb();
    await climb();
    const [dm] = dmsTo(asker, 'Nobody has volunteered');
    expect(dm!.args.text).toContain('in 6 days');
    expect(dm!.args.text).toContain('Nobody in the workspace has declared *Docker and Kubernetes*');
    expect(dm!.args.text).not.toContain('*User research*');
    expect(dmsTo(asker, 'Nobody has volunteered')).toHaveLength(1);
    expect(inThread(ask.ts)).toHaveLength(3);
    expect(inChannel(ask.ts)).toHaveLength(1);
    expect(await stepOf(ask.askId)).toBe(3);
  });

  it("a private channel's ask never DMs learners, who may not be in the channel", async () => {
    const team = h.team();
    const [asker, learners] = [team.user(), [team.user(), team.user()]];
    for (const u of learners) await team.skills(u, 'interest user research');
    const secret = `G${team.channel.slice(1)}`;
    h.emulator.channels.set(secret, { private: true, member: true });
    const ask = await team.ask(asker, 'who can run user research interviews?', secret);
    await h.age(ask.askId, 2 * H + 1);
    await climb();
    await climb();
    expect(await stepOf(ask.askId)).toBe(2);
    for (const u of learners) expect(dmsTo(u, 'want to learn')).toHaveLength(0);
    for (const u of learners) expect(inThread(ask.ts).join('\n')).not.toContain(u);
  });

  it('an ask found three steps old climbs one step a run, never three at once', async () => {
    const { asker, ask } = await ladder();
    await h.age(ask.askId, 3 * H + 1);
    await climb();
    expect(await stepOf(ask.askId)).toBe(1);
    expect(inThread(ask.ts).join('\n')).not.toContain(NUDGE);
    expect(dmsTo(asker, 'Nobody has volunteered')).toHaveLength(0);
  });

  it('none for an ask someone volunteered for, took on, or that is closed or too young', async () => {
    const team = h.team();
    const asker = team.user();
    await team.skills(team.user(), 'add proofreading');
    const volunteered = await team.ask(asker, 'who can proofread a leaflet?');
    await team.react(team.user(), volunteered);
    const taken = await team.ask(asker, 'who can proofread a poster?');
    // taken on with no volunteer left (one who was chosen and then withdrew their reaction, say)
    await h.database.db.update(asks).set({ claimedBy: team.user() }).where(eq(asks.id, taken.askId));
    const resolved = await team.ask(asker, 'who can proofread a flyer?');
    // a workspace admin resolves it at once (the asker would be asked who helped first)
    await team.press(team.user({ is_admin: true }), 'ask_resolve', resolved);
    for (const a of [volunteered, taken, resolved]) await h.age(a.askId, 2 * H + 1);
    const young = await team.ask(asker, 'who can proofread a menu?');
    await h.age(young.askId, H - 1);
    await climb();
    await climb();
    for (const a of [volunteered, taken, resolved, young]) {
      expect(await stepOf(a.askId), a.askId === taken.askId ? 'taken' : a.askId).toBe(0);
      expect(inThread(a.ts).join('\n')).not.toContain(NUDGE);
    }
  });

  it('two replicas climbing at once take each step once', async () => {
    const { ask, later } = await ladder();
    const other = await anotherBot();
    try {
      await other.warmedUp;
      await h.age(ask.askId, H + 1);
      await Promise.all([climb(), climb(other), climb(), climb(other)]);
      await Promise.all([h.idle(), other.idle()]);
      expect(inThread(ask.ts)).toHaveLength(2);
      for (const u of later) expect(inThread(ask.ts)[1]).toContain(`<@${u}>`);
      await h.age(ask.askId, 2 * H + 1);
      await Promise.all([climb(), climb(other)]);
      expect(inThread(ask.ts).filter((t) => t.includes(NUDGE))).toHaveLength(1);
      expect(inChannel(ask.ts)).toHaveLength(1);
    } finally {
      await other.stop();
    }
  });

  it('an open ask older than ASK_EXPIRY_DAYS closes as expired, its message says so, the asker is told', async () => {
    const team = h.team();
    const asker = team.user();
    const ask = await team.ask(asker, 'who can fix the coffee machine?');
    await h.age(ask.askId, 31 * 24);
    await expireAsks(h.bot.deps, h.clients);
    const update = h.emulator.callsTo('chat.update', (a) => a.ts === ask.ts).at(-1)!;
    expect(JSON.stringify(update.args.blocks)).toContain('Expired');
    expect(JSON.stringify(update.args.blocks)).not.toContain('ask_volunteer');
    expect(
      h.emulator.callsTo('chat.postMessage', (a) => a.channel === asker && a.text.includes("I've closed it")),
    ).toHaveLength(1);
    const late = await team.press(team.user(), 'ask_volunteer', ask);
    expect(late.responses[0]!.text).toContain('closed');
  });

  // Last: the harness's own process is stopped here.
  it('a restart between steps carries on where the stopped process left off, at start', async () => {
    const { ask, learners } = await ladder();
    await h.age(ask.askId, H + 1);
    await climb();
    expect(inThread(ask.ts)).toHaveLength(2);
    await h.bot.stop();
    h.bot.stop = async () => {};
    await h.age(ask.askId, 2 * H + 1);
    const restarted = await anotherBot();
    try {
      // the housekeeping run at start takes the next step, and only that one
      await restarted.warmedUp;
      await restarted.idle();
      const thread = inThread(ask.ts);
      expect(thread).toHaveLength(3);
      expect(thread[2]).toContain(NUDGE);
      for (const u of learners) expect(dmsTo(u, 'want to learn')).toHaveLength(1);
      await climb(restarted);
      expect(inThread(ask.ts)).toHaveLength(3);
      expect(await stepOf(ask.askId)).toBe(2);
    } finally {
      await restarted.stop();
    }
  });
});
