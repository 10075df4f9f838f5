import { and, eq, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { askMatches, asks, credits, outbox, people, workspaceSettings } from '../src/db/schema/index.js';
import { type Harness, startHarness, type TestTeam } from './support/harness.js';
import { replica, restart } from './support/restart.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const threadOf = (ts: string) => h.emulator.callsTo('chat.postMessage', (a) => a.thread_ts === ts);
const askedBefore = (ts: string) => threadOf(ts).filter((c) => c.args.text.startsWith(':books: *Asked before:*'));
const permalinkOf = async (askId: string) =>
  (await h.database.db.select({ p: asks.permalink }).from(asks).where(eq(asks.id, askId)))[0]!.p!;

/** Seed data for credits until an asker credits through the resolve form: who helped with an ask. */
async function credit(team: TestTeam, askId: string, userId: string, creditedBy: string) {
  await h.database.db
    .insert(credits)
    .values({ teamId: team.teamId, askId, userId, creditedBy, skills: [], lexemes: [] });
}

async function resolved(team: TestTeam, asker: string, text: string, channel = team.channel) {
  const ask = await team.ask(asker, text, channel);
  // An anonymous ask's broadcast does not name its asker: found by its text instead.
  const [row] = await h.database.db
    .select({ id: asks.id })
    .from(asks)
    .where(and(eq(asks.teamId, team.teamId), eq(asks.text, text.replace(/^anonymously /, ''))));
  ask.askId = row!.id;
  await h.database.db.update(asks).set({ status: 'resolved', resolvedBy: asker }).where(eq(asks.id, ask.askId));
  return ask;
}

/** A workspace with earlier asks about blogs: some that count as asked before, some that must not. */
async function history(options: { guestsMayAsk?: boolean } = {}) {
  const team = h.team();
  const [asker, earlier, sam, lee, hidden, newcomer] = [1, 2, 3, 4, 5, 6].map(() => team.user());
  // Set before the first ask reads (and caches) the workspace's settings.
  if (options.guestsMayAsk)
    await h.database.db
      .insert(workspaceSettings)
      .values({ teamId: team.teamId, guestsMayAsk: true, updatedBy: asker! });
  // Resolved, two people credited, one of whom hides their helping history.
  const charity = await resolved(team, earlier!, 'who can help us start a blog for the charity?');
  await credit(team, charity.askId, sam!, earlier!);
  await credit(team, charity.askId, hidden!, earlier!);
  await team.skills(hidden!, 'history off');
  await h.database.db
    .update(people)
    .set({ historyHidden: true })
    .where(and(eq(people.teamId, team.teamId), eq(people.userId, hidden!)));
  // Still open, but answered in its thread.
  const podcast = await team.ask(earlier!, 'our blog needs a podcast section, any advice?');
  await team.message({
    user: lee,
    text: 'I ran one for years, happy to chat',
    ts: '1800000999.000100',
    thread_ts: podcast.ts,
  });
  // Asked anonymously and resolved: listed, its asker never named.
  const anonymous = await resolved(team, newcomer!, 'anonymously how do I write a good blog post?');
  await credit(team, anonymous.askId, lee!, newcomer!);
  // None of these may show: open and unanswered, private, a year and a half old, about something else.
  const unanswered = await team.ask(earlier!, 'who can proofread my blog?');
  const secret = `G${team.channel.slice(1)}`;
  h.emulator.channels.set(secret, { private: true, member: true });
  const privateAsk = await resolved(team, earlier!, 'who can help with our private blog?', secret);
  const old = await resolved(team, earlier!, 'starting a company blog, who can help?');
  await h.age(old.askId, 24 * 550);
  const coffee = await resolved(team, earlier!, 'who can fix the coffee machine?');
  return {
    team,
    asker: asker!,
    sam: sam!,
    lee: lee!,
    hidden: hidden!,
    newcomer: newcomer!,
    listed: { charity, podcast, anonymous },
    unlisted: { unanswered, privateAsk, old, coffee },
  };
}

describe('asked before', () => {
  it('shows up to three similar earlier asks in the thread with who helped, and ranks those helpers in', async () => {
    const w = await history();
    const ask = await w.team.ask(w.asker, 'we want to start a blog, who can help?');
    const [reply, ...more] = askedBefore(ask.ts);
    expect(more).toHaveLength(0);
    const text = reply!.args.text as string;
    for (const a of Object.values(w.listed)) expect(text).toContain(await permalinkOf(a.askId));
    for (const a of Object.values(w.unlisted)) expect(text).not.toContain(await permalinkOf(a.askId));
    expect(text).toContain(`helped by <@${w.sam}>`);
    expect(text).toContain(`helped by <@${w.lee}>`);
    // Nobody who hides their history is named; no asker is named, the anonymous one least of all.
    for (const id of [w.hidden, w.newcomer]) expect(text).not.toContain(id);
    expect(text).toContain('(1 reply,');

    // The people credited on them are told of the new ask, for that reason.
    // (the mention quotes the ask first, then names who is told)
    const matched = threadOf(ask.ts).find((c) => c.args.text.includes('\n:mag:'))!.args.text as string;
    expect(matched).toContain(`<@${w.sam}> helped with a similar ask`);
    expect(matched).not.toContain(w.hidden);
    const rows = await h.database.db.select().from(askMatches).where(eq(askMatches.askId, ask.askId));
    expect(rows.find((r) => r.userId === w.sam)).toMatchObject({ reason: 'similar_ask' });

    // The asker's confirmation links them.
    const confirmation = ask.responses.map((r) => r.body.text).join('\n');
    expect(confirmation).toContain('Asked before:');
    expect(confirmation).toContain(await permalinkOf(w.listed.charity.askId));
  });

  it('says nothing when nothing similar was asked, and never lists an ask under a private channel', async () => {
    const w = await history();
    const fresh = await w.team.ask(w.asker, 'who can tune a harpsichord?');
    expect(askedBefore(fresh.ts)).toHaveLength(0);
    expect(fresh.responses.map((r) => r.body.text).join()).not.toContain('Asked before');
    // The private channel's own new ask may show public asks, but none of the private ones.
    const secret = `G${w.team.channel.slice(1)}`;
    const inside = await w.team.ask(w.asker, 'private blog, who can help?', secret);
    const text = askedBefore(inside.ts)[0]?.args.text ?? '';
    expect(text).not.toContain(await permalinkOf(w.unlisted.privateAsk.askId));
  });

  it('a guest asking sees only earlier asks of the channel they asked in', async () => {
    const w = await history({ guestsMayAsk: true });
    const guest = w.team.user({ is_restricted: true });
    const elsewhere = `C${w.team.channel.slice(1, -1)}G`;
    const away = await w.team.ask(guest, 'we want to start a blog, who can help?', elsewhere);
    expect(away.ts).toBeDefined();
    expect(askedBefore(away.ts)).toHaveLength(0);
    const here = await w.team.ask(guest, 'we want to start a blog, who can help?');
    expect(askedBefore(here.ts)[0]!.args.text).toContain(await permalinkOf(w.listed.charity.askId));
  });

  it('an ask in a channel shared with another organisation lists nothing and ranks nobody in by it', async () => {
    const w = await history();
    const shared = `C${w.team.channel.slice(1, -1)}X`;
    h.emulator.channels.set(shared, { extShared: true });
    const ask = await w.team.ask(w.asker, 'we want to start a blog, who can help?', shared);
    expect(askedBefore(ask.ts)).toHaveLength(0);
    const rows = await h.database.db.select().from(askMatches).where(eq(askMatches.askId, ask.askId));
    expect(rows.filter((r) => r.reason === 'similar_ask')).toHaveLength(0);
  });

  it('is posted once when Slack took it but the answer was lost, after a restart, with a replica beside', async () => {
    const w = await history();
    const stopped = await restart(h);
    const side = h.databaseUrl ? await replica(h) : undefined;
    try {
      // Slack posts the thread reply but answers 500: the outbox looks before it posts again.
      h.emulator.fail('chat.postMessage', { status: 500, delivered: true }, 1, (a) => a.text?.startsWith(':books:'));
      const ask = await w.team.ask(w.asker, 'we want to start a blog, who can help?');
      // Due again now rather than after the backoff: both processes sweep.
      await h.database.db
        .update(outbox)
        .set({ notBefore: new Date(0) })
        .where(isNull(outbox.doneAt));
      await h.bot.deps.outbox.sweep();
      await side?.bot.deps.outbox.sweep();
      await h.idle();
      const posted = h.emulator.callsTo(
        'chat.postMessage',
        (a) => a.thread_ts === ask.ts && a.text.startsWith(':books:'),
      );
      expect(posted).toHaveLength(1);
      // Tried again, it was looked for in the thread and found, not posted a second time.
      expect(h.emulator.callsTo('conversations.replies', (a) => a.ts === ask.ts).length).toBeGreaterThan(0);
      expect(stopped).toBe(h.bot);
    } finally {
      await side?.bot.stop();
    }
  });
});
