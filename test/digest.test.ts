import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectPostgres } from '../src/db/client.js';
import { digestDeliveries, people } from '../src/db/schema/index.js';
import { planDigest } from '../src/digest/plan.js';
import { runDigest } from '../src/digest/run.js';
import { isoWeek } from '../src/digest/week.js';
import { createLogger } from '../src/logger.js';
import { serverUrl } from './support/database.js';
import { type Harness, startHarness, type TestTeam } from './support/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const digestsTo = (user: string) =>
  h.emulator
    .callsTo('chat.postMessage', (a) => a.channel === user && a.metadata?.event_type === 'who_can_help_digest')
    .filter((c) => c.result?.ok);
const deliveries = (team: TestTeam) =>
  h.database.db.select().from(digestDeliveries).where(eq(digestDeliveries.teamId, team.teamId));

/** A team with a blogger, a photographer, a learner, someone with no skills, and two asks. */
async function week() {
  const team = h.team();
  const [asker, blogger, photographer, learner, newcomer] = [
    team.user(),
    team.user(),
    team.user(),
    team.user(),
    team.user(),
  ];
  await team.skills(photographer, 'add photography');
  const blog = await team.ask(asker, 'we want to start a blog, who can help?');
  const photos = await team.ask(asker, 'who can take photos at the summer party?');
  // Declared after the asks went out: no match notice told them, so the digest is their news.
  await team.skills(blogger, 'add blogging');
  await team.skills(learner, 'interest blogging');
  await team.react(photographer, photos);
  await team.message({ user: photographer, text: 'I can!', ts: '1800001000.000100', thread_ts: photos.ts });
  // The newcomer is known (they reacted to something) but has declared nothing.
  await team.react(newcomer, { channel: team.channel, ts: '1700000000.000001' });
  await h.slack.event(team, { type: 'user_change', user: { id: newcomer, team_id: team.teamId, name: 'newcomer' } });
  await h.idle();
  return { team, asker, blogger, photographer, learner, newcomer, blog, photos };
}

describe('the weekly digest', () => {
  it(
    'DMs each person the open asks that match them, with I can ' + 'help buttons, and askers their asks with counts',
    async () => {
      const w = await week();
      await h.digest();
      const [toBlogger] = digestsTo(w.blogger);
      const blocks = JSON.stringify(toBlogger!.args.blocks);
      expect(blocks).toContain('we want to start a blog');
      expect(blocks).toContain('Matches your *Blogging*');
      expect(blocks).toContain(
        `"action_id":"ask_volunteer","text":{"type":"plain_text","text":"I can help"},` +
          `"accessibility_label":"I can help with: we want to start a blog, who can help?","value":"${w.blog.askId}"`,
      );
      expect(blocks).toContain('digest_stop');
      expect(JSON.stringify(digestsTo(w.learner)[0]!.args.blocks)).toContain('we want to start a blog');
      const toAsker = JSON.stringify(digestsTo(w.asker)[0]!.args.blocks);
      expect(toAsker).toContain('Your open asks');
      expect(toAsker).toContain('1 volunteer, 1 reply');
      // The blog ask has had no news since it was posted: it is left out.
      expect(toAsker).not.toContain('0 volunteers, 0 replies');
      // The photographer volunteered already: that ask is not news to them, and nothing else matches.
      expect(digestsTo(w.photographer)).toHaveLength(0);
    },
  );

  it('matches skills typed as free text by their stems', async () => {
    const team = h.team();
    const [asker, folder] = [team.user(), team.user()];
    await team.ask(asker, 'who can teach us some paper-folding for the open day?');
    await team.skills(folder, 'add paper folding');
    await h.digest();
    expect(JSON.stringify(digestsTo(folder)[0]?.args.blocks)).toContain('teach us some paper-folding');
  });

  it('invites askers with no skills to declare some, and leaves out people with neither skills nor asks', async () => {
    const w = await week();
    await h.digest();
    expect(JSON.stringify(digestsTo(w.asker)[0]!.args.blocks)).toContain('/skills add');
    expect(digestsTo(w.newcomer)).toHaveLength(0);
  });

  it('running again the same week sends nothing new, even after new asks', async () => {
    const w = await week();
    const first = await h.digest();
    await w.team.ask(w.asker, 'who can write our first blog post?');
    const second = await h.digest();
    expect(first.sent).toBeGreaterThanOrEqual(3);
    expect(second).toMatchObject({ planned: 0, sent: 0 });
    for (const u of [w.asker, w.blogger, w.learner]) expect(digestsTo(u)).toHaveLength(1);
  });

  it('sends nothing to people who opted out or left, nor to anyone in a week with no open asks', async () => {
    const w = await week();
    await w.team.skills(w.blogger, 'digest off');
    await h.slack.event(w.team, {
      type: 'user_change',
      user: { id: w.learner, team_id: w.team.teamId, deleted: true },
    });
    await h.idle();
    const quiet = h.team();
    const idle = quiet.user();
    await quiet.skills(idle, 'add blogging');
    await h.digest();
    for (const u of [w.blogger, w.learner, idle]) expect(digestsTo(u)).toHaveLength(0);
  });

  it('I can help in the digest DM volunteers, as on the ask', async () => {
    const w = await week();
    await h.digest();
    const [dm] = digestsTo(w.blogger);
    const button = dm!.args.blocks.find((b: any) => b.accessory?.action_id === 'ask_volunteer').accessory;
    const { responses } = await w.team.press(w.blogger, 'ask_volunteer', {
      askId: button.value,
      channel: `D${w.blogger}`,
      ts: dm!.result!.ts,
    });
    expect(responses[0]!.text).toContain('has been told');
    expect(
      h.emulator.callsTo(
        'chat.postMessage',
        // A reply under the asker's one living DM about the ask.
        (a) => a.channel === `D${w.asker}` && Boolean(a.thread_ts) && a.text.includes(`<@${w.blogger}> can help`),
      ),
    ).toHaveLength(1);
  });

  it('the Stop these button opts the person out', async () => {
    const w = await week();
    await h.digest();
    const { responses } = await w.team.press(w.blogger, 'digest_stop', { askId: 'stop', channel: `D${w.blogger}` });
    expect(responses[0]!.text).toContain("won't get the weekly digest");
    const [row] = await h.database.db
      .select()
      .from(people)
      .where(and(eq(people.teamId, w.team.teamId), eq(people.userId, w.blogger)));
    expect(row!.digestOptOut).toBe(true);
  });
});

describe('delivery at Slack’s pace', () => {
  it('waits out 429s and still sends each person exactly one digest', async () => {
    const w = await week();
    h.emulator.fail('chat.postMessage', { status: 429, retryAfter: 1 }, 2);
    const report = await h.digest();
    expect(report.retry).toBe(0);
    for (const u of [w.asker, w.blogger, w.learner]) expect(digestsTo(u)).toHaveLength(1);
  });

  it('a DM that fails for good is recorded with its reason, and the others still go out', async () => {
    const w = await week();
    h.emulator.users.set(w.blogger, { id: w.blogger, team_id: w.team.teamId, deleted: true });
    await h.digest();
    expect(digestsTo(w.learner)).toHaveLength(1);
    const failed = (await deliveries(w.team)).find((d) => d.userId === w.blogger);
    expect(failed).toMatchObject({ status: 'failed', error: 'account_inactive' });
  });

  it('a transient failure is retried by the next run', async () => {
    const w = await week();
    h.emulator.fail('chat.postMessage', { error: 'service_unavailable' }, 1);
    const first = await h.digest();
    expect(first.retry).toBe(1);
    const second = await h.digest();
    expect(second.sent).toBe(1);
    for (const u of [w.asker, w.blogger, w.learner]) expect(digestsTo(u)).toHaveLength(1);
  });

  it.each([
    ['never reached Slack', false],
    ['reached Slack but the answer was lost', true],
  ])('a DM whose fate is unclear (%s) is checked by the next run, never blindly resent', async (_name, delivered) => {
    const w = await week();
    h.emulator.fail('chat.postMessage', { status: 500, delivered }, 1);
    const first = await h.digest();
    expect(first.retry).toBe(1);
    const second = await h.digest();
    expect(second.recovered).toBe(1);
    for (const u of [w.asker, w.blogger, w.learner]) {
      const arrived = h.emulator
        .callsTo('chat.postMessage', (a) => a.channel === u && a.metadata?.event_type === 'who_can_help_digest')
        .filter((c) => c.result?.ok);
      expect(arrived).toHaveLength(1);
    }
  });

  it('after a run died mid-send, the next asks Slack whether that DM arrived and never sends it twice', async () => {
    const w = await week();
    const db = h.database.db;
    const thisWeek = isoWeek(new Date(), h.env.DIGEST_TIMEZONE);
    await planDigest(db, {
      week: thisWeek,
      since: new Date(Date.now() - 7 * 86_400_000),
      everyone: false,
      askChannel: null,
    });
    const row = (user: string) =>
      and(
        eq(digestDeliveries.teamId, w.team.teamId),
        eq(digestDeliveries.userId, user),
        eq(digestDeliveries.week, thisWeek),
      );
    // A run (lock key 424242, long dead) got the blogger's DM to Slack but died before recording it,
    await db
      .update(digestDeliveries)
      .set({ status: 'sending', claimedBy: 424242n, claimedAt: new Date(Date.now() - 1000) })
      .where(row(w.blogger));
    await h.bot.app.client.chat.postMessage({
      channel: w.blogger,
      text: 'digest',
      metadata: { event_type: 'who_can_help_digest', event_payload: { week: thisWeek } },
    });
    // and had claimed the learner's without sending it.
    await db.update(digestDeliveries).set({ status: 'claimed', claimedBy: 424242n }).where(row(w.learner));

    const rerun = await h.digest();
    expect(rerun.recovered).toBe(1);
    expect(digestsTo(w.blogger)).toHaveLength(1);
    expect(digestsTo(w.learner)).toHaveLength(1);
    expect((await db.select().from(digestDeliveries).where(row(w.blogger)))[0]!.status).toBe('sent');
  });
});

describe.runIf(serverUrl)('two digest runs at once on PostgreSQL', () => {
  it('each person gets one digest, and both runs share the work', async () => {
    const w = await week();
    const crowd = Array.from({ length: 45 }, () => w.team.user());
    for (const u of crowd) await w.team.skills(u, 'interest blogging');
    h.emulator.postDelayMs = 20;
    const replicas = [h.database, connectPostgres(h.databaseUrl!)];
    const deps = (database: (typeof replicas)[number]) => ({
      db: database.db,
      env: h.env,
      log: createLogger('silent'),
    });
    try {
      const reports = await Promise.all(replicas.map((r) => runDigest(r, deps(r), h.clients)));
      expect(reports.reduce((n, r) => n + r.sent, 0)).toBe(48);
      for (const r of reports) expect(r.sent).toBeGreaterThan(0);
    } finally {
      h.emulator.postDelayMs = 0;
      await replicas[1]!.close();
    }
    for (const u of [w.asker, w.blogger, w.learner, ...crowd]) expect(digestsTo(u)).toHaveLength(1);
  });
});

describe('DIGEST_AUDIENCE=all', () => {
  let ha: Harness;
  beforeAll(async () => {
    ha = await startHarness({ env: { DIGEST_AUDIENCE: 'all', ASK_CHANNEL: 'CALLASKS01' } });
  });
  afterAll(async () => {
    await ha?.close();
  });

  it('reaches every member from users.list, page by page, showing people with no skills what is new', async () => {
    const team = ha.team();
    const asker = team.user();
    const members = Array.from({ length: 250 }, () => team.user());
    await team.ask(asker, 'who can help paint the office mural?');
    await ha.digest();
    expect(ha.emulator.callsTo('users.list', (a) => a.team_id === team.teamId)).toHaveLength(2);
    const sent = ha.emulator.callsTo('chat.postMessage', (a) => a.metadata?.event_type === 'who_can_help_digest');
    // The asker's own ask has no news yet (no volunteer, reply or claim): not worth a digest.
    expect(new Set(sent.map((c) => c.args.channel))).toEqual(new Set(members));
    const blocks = JSON.stringify(sent.find((c) => c.args.channel === members[0])!.args.blocks);
    expect(blocks).toContain('New asks this week');
    expect(blocks).toContain('paint the office mural');
    expect(blocks).toContain('Every ask is in <#CALLASKS01>');
  });
});

describe('asks in private channels', () => {
  it('never reach digests or Home tabs of people outside the channel', async () => {
    const team = h.team();
    const [asker, blogger] = [team.user(), team.user()];
    await team.skills(blogger, 'add blogging');
    const secret = 'CPRIVATE01';
    h.emulator.channels.set(secret, { private: true, member: true });
    const ask = await team.ask(asker, 'we want to start a secret blog', secret);
    expect(ask.ts).toBeTruthy();
    await h.digest();
    expect(JSON.stringify(digestsTo(blogger))).not.toContain('secret blog');
    await team.openHome(blogger);
    expect(JSON.stringify(h.emulator.callsTo('views.publish', (a) => a.user_id === blogger))).not.toContain(
      'secret blog',
    );
  });
});
