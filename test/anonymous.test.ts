import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bot } from '../src/bot.js';
import { asks, outbox } from '../src/db/schema/index.js';
import { sendReminders } from '../src/jobs/reminders.js';
import { ACTIONS, VIEWS } from '../src/slack/ids.js';
import { type Harness, startHarness, type TestTeam } from './support/harness.js';
import { replica, restart } from './support/restart.js';

let h: Harness;
beforeAll(async () => {
  // Every line from info up, for the test that reads them all for the asker's id.
  h = await startHarness({ logLevel: 'info' });
});
afterAll(async () => {
  await h?.close();
});

const dmsTo = (user: string, text?: string) => h.dmsTo(user, text);
const buttonsIn = (blocks: any[] | undefined) =>
  (blocks ?? []).flatMap((b: any) => (b.type === 'actions' ? b.elements : b.accessory ? [b.accessory] : []));

/** `/ask anonymously …` (or the given text as it is) through `slack`; the broadcast as posted. */
async function askAnonymously(team: TestTeam, asker: string, text: string, slack = h.slack) {
  const responseUrl = h.emulator.responseUrl();
  await slack.command(team, {
    command: '/ask',
    text: `anonymously ${text}`,
    user_id: asker,
    channel_id: team.channel,
    response_url: responseUrl,
  });
  await h.idle();
  const post = h.emulator
    .callsTo('chat.postMessage', (a) => a.channel === team.channel && !a.thread_ts && a.text?.includes(text))
    .at(-1);
  return {
    responseUrl,
    confirmation: h.emulator.responses.find((r) => r.url === responseUrl)?.body.text as string | undefined,
    post,
    channel: post?.result?.channel as string,
    ts: post?.result?.ts as string,
    askId: buttonsIn(post?.args.blocks).find((b: any) => b.action_id === ACTIONS.volunteer)?.value as string,
  };
}

/** What the asker hears of each volunteer: a reply under their one living DM about the ask. */
const repliesTo = (asker: string) =>
  h.emulator.callsTo('chat.postMessage', (a) => a.channel === `D${asker}` && Boolean(a.thread_ts));

/** The Reply to @X button in the asker's reply about this volunteer. */
function revealButtonFor(asker: string, volunteer: string) {
  const dm = repliesTo(asker).find((c) => c.args.text.includes(`<@${volunteer}> can help`));
  return buttonsIn(dm?.args.blocks).find((b: any) => b.action_id === ACTIONS.revealToVolunteer);
}

describe('an anonymous ask', () => {
  it('names its asker to nobody else in its whole life: no Slack call, Home tab, digest or log line', async () => {
    const team = h.team();
    const asker = team.user();
    const helper = team.user();
    const learner = team.user();
    const bystander = team.user();
    await team.skills(helper, 'add blogging');
    await team.skills(learner, 'interest blogging');
    for (const u of [helper, learner, bystander]) await team.openHome(u);
    const callsBefore = h.emulator.calls.length;
    const responsesBefore = h.emulator.responses.length;
    const logsBefore = h.logs.length;
    const askersUrls = new Set<string>();

    // Posted as "Someone asks"; the asker is told it went out anonymously.
    const ask = await askAnonymously(team, asker, 'we want to start a blog, who can help?');
    askersUrls.add(ask.responseUrl);
    expect(ask.post!.args.text).toMatch(/^Someone asks: we want to start a blog/);
    expect(JSON.stringify(ask.post!.args.blocks)).toContain('Someone asks');
    expect(ask.confirmation).toContain('out anonymously');
    const [row] = await h.database.db.select().from(asks).where(eq(asks.id, ask.askId));
    expect(row).toMatchObject({ anonymous: true, askerId: asker });
    // The matches are told in its thread as usual.
    const thread = h.emulator.callsTo('chat.postMessage', (a) => a.thread_ts === ask.ts);
    expect(thread.map((c) => c.args.text).join('\n')).toContain(`<@${helper}>`);

    // A volunteer: told "the asker" knows; the asker hears by DM, with Reply to @X.
    const pressed = await team.press(helper, ACTIONS.volunteer, ask);
    expect(pressed.responses.map((r) => r.text).join()).toContain('The asker has been told');
    const reveal = revealButtonFor(asker, helper);
    expect(reveal.text.text).toBe(`Reply to @${helper}`);
    expect(reveal.confirm).toBeDefined();

    // Someone else trying to resolve it is refused without the asker being named.
    const refused = await team.press(bystander, ACTIONS.resolve, ask);
    expect(refused.responses.map((r) => r.text).join()).toContain('Only the asker or a workspace admin');

    // A second anonymous ask nobody takes up climbs the whole escalation ladder, one step a run:
    // its nudge names nobody.
    const quiet = await askAnonymously(team, asker, 'anyone who can restore a 1970s piano?');
    askersUrls.add(quiet.responseUrl);
    for (const hours of [49, 97, 145]) {
      await h.age(quiet.askId, hours);
      await sendReminders(h.bot.deps, h.clients);
    }
    const nudge = h.emulator.callsTo('chat.postMessage', (a) => a.thread_ts === quiet.ts).at(-1);
    expect(nudge?.args.text).toContain('Still looking for help');
    expect(nudge?.args.text).not.toContain(asker);

    // The weekly digest and other people's Home tabs show "Someone asks". (The learner heard of the
    // asks from the escalation ladder, so their digest leaves them out: someone new reads it.)
    const reader = team.user();
    await team.skills(reader, 'interest blogging');
    await h.digest();
    const digest = dmsTo(reader).find((c) => c.args.metadata?.event_type === 'who_can_help_digest');
    expect(JSON.stringify(digest?.args.blocks)).toContain('Someone asks');
    await team.openHome(learner);
    expect(h.lastHome(learner)).toContain('Someone asks');

    // The asker chooses to show themselves to the volunteer: one group DM, however often pressed.
    for (let i = 0; i < 2; i += 1) {
      const press = await team.press(asker, ACTIONS.revealToVolunteer, { askId: reveal.value, channel: `D${asker}` });
      for (const r of h.emulator.responses.slice(-press.responses.length)) askersUrls.add(r.url);
    }
    const opened = h.emulator.callsTo('conversations.open', (a) => String(a.users).includes(','));
    expect(opened.map((c) => c.args.users)).toEqual([`${asker},${helper}`, `${asker},${helper}`]);
    const groupDm = opened[0]!.result!.channel.id as string;
    const intro = h.emulator.callsTo('chat.postMessage', (a) => a.channel === groupDm);
    expect(intro).toHaveLength(1);
    expect(intro[0]!.args.text).toContain(`<@${asker}> asked “we want to start a blog`);

    // The asker resolves it and credits the volunteer; the thanks name the volunteer, not the asker.
    const resolving = await team.press(asker, ACTIONS.resolve, ask);
    for (const r of h.emulator.responses.slice(-resolving.responses.length)) askersUrls.add(r.url);
    const form = h.emulator.callsTo('views.open').at(-1)!;
    expect(form.args.view.callback_id).toBe(VIEWS.creditModal);
    await h.slack.viewSubmission(team, asker, {
      callback_id: VIEWS.creditModal,
      private_metadata: form.args.view.private_metadata,
      values: { helpers: { helpers: { type: 'multi_users_select', selected_users: [helper] } } },
    });
    await h.idle();
    const resolved = h.emulator.callsTo('chat.update', (a) => a.ts === ask.ts).at(-1)!;
    expect(JSON.stringify(resolved.args.blocks)).toContain('Resolved* by the asker');
    await team.openHome(bystander);
    // The volunteer's own data, exported: credited, but not by whom.
    const files = h.emulator.files.size;
    await team.skills(helper, 'export');
    const exported = [...h.emulator.files.values()].slice(files);
    expect(exported.map((f) => f.content).join()).toContain(ask.askId);
    for (const f of exported) expect(f.content).not.toContain(asker);

    // Every Slack call since the ask, but those to the asker themself (their DM, their ephemeral
    // messages, their Home tab, looking them up) and the group DM they chose to open.
    const toAsker = (c: { method: string; args: Record<string, any> }) =>
      [asker, `D${asker}`, groupDm].includes(c.args.channel) ||
      c.args.user === asker ||
      c.args.user_id === asker ||
      (c.method === 'conversations.open' && String(c.args.users).split(',').includes(asker));
    const seen = h.emulator.calls.slice(callsBefore).filter((c) => !toAsker(c));
    expect(seen.length).toBeGreaterThan(10);
    for (const c of seen) expect(JSON.stringify(c.args), `${c.method} ${JSON.stringify(c.args)}`).not.toContain(asker);
    const answered = h.emulator.responses.slice(responsesBefore).filter((r) => !askersUrls.has(r.url));
    expect(answered.length).toBeGreaterThan(0);
    for (const r of answered) expect(JSON.stringify(r.body)).not.toContain(asker);
    const lines = h.logs.slice(logsBefore);
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line).not.toContain(asker);
  });

  it('`/ask anonymously` is refused, posting nothing, where an admin turned anonymous asks off', async () => {
    const team = h.team();
    const admin = team.user({ is_admin: true });
    const asker = team.user();
    await team.pressHome(admin, ACTIONS.homeEditSettings, ACTIONS.homeEditSettings);
    const modal = h.emulator.callsTo('views.open').at(-1)!.args.view;
    expect(JSON.stringify(modal)).toContain('People may ask anonymously');
    await h.slack.viewSubmission(team, admin, {
      callback_id: VIEWS.settingsModal,
      private_metadata: '',
      values: {
        volunteer_reaction: { volunteer_reaction: { type: 'plain_text_input', value: 'raising_hand' } },
        anonymous_asks: { anonymous_asks: { type: 'checkboxes', selected_options: [] } },
      },
    });
    await h.idle();
    const posts = h.emulator.calls.length;
    const ask = await askAnonymously(team, asker, 'who knows about pensions?');
    expect(ask.post).toBeUndefined();
    expect(h.emulator.responses.find((r) => r.url === ask.responseUrl)?.body.text).toContain(
      'Anonymous asks are turned off',
    );
    expect(h.emulator.calls.slice(posts).filter((c) => c.method === 'chat.postMessage')).toHaveLength(0);
    expect((await h.database.db.select().from(asks).where(eq(asks.teamId, team.teamId))).length).toBe(0);
    // The form no longer offers the box.
    await team.pressHome(asker, ACTIONS.homeNewAsk, ACTIONS.homeNewAsk);
    expect(JSON.stringify(h.emulator.callsTo('views.open').at(-1)!.args.view)).not.toContain('Ask anonymously');
  });

  it('the form’s "Ask anonymously" box posts "Someone asks"; `/ask anonymously` alone opens it ticked', async () => {
    const team = h.team();
    const asker = team.user();
    await h.slack.command(team, {
      command: '/ask',
      text: 'anonymously',
      user_id: asker,
      channel_id: team.channel,
      response_url: h.emulator.responseUrl(),
    });
    await h.idle();
    const ticked = h.emulator.callsTo('views.open').at(-1)!.args.view;
    const box = ticked.blocks.find((b: any) => b.block_id === 'anonymous');
    expect(box.element.initial_options).toEqual([expect.objectContaining({ value: 'yes' })]);
    await team.pressHome(asker, ACTIONS.homeNewAsk, ACTIONS.homeNewAsk);
    expect(JSON.stringify(h.emulator.callsTo('views.open').at(-1)!.args.view)).toContain('Ask anonymously');
    await h.slack.viewSubmission(team, asker, {
      callback_id: VIEWS.askModal,
      private_metadata: JSON.stringify({ channel: team.channel }),
      values: {
        need: { need: { type: 'plain_text_input', value: 'who can review a grant application?' } },
        anonymous: { anonymous: { type: 'checkboxes', selected_options: [{ value: 'yes' }] } },
      },
    });
    await h.idle();
    const post = h.emulator.callsTo('chat.postMessage', (a) => a.channel === team.channel).at(-1)!;
    expect(post.args.text).toBe('Someone asks: who can review a grant application?');
    expect(JSON.stringify(post.args)).not.toContain(asker);
  });
});

describe('an anonymous ask across a restart and two replicas', () => {
  it('a retried volunteer, a restart between steps, Reply pressed on two replicas: one DM, one group DM', async () => {
    const team = h.team();
    const asker = team.user();
    const helper = team.user();
    const ask = await askAnonymously(team, asker, 'who can help us translate a leaflet into Welsh?');
    expect(ask.post!.args.text).toMatch(/^Someone asks/);

    // The process that took the ask stops; a fresh one on the same database takes the rest.
    const started: Bot[] = [await restart(h)];
    h.idle = () => Promise.all(started.map((b) => b.idle())).then(() => {});
    try {
      // Slack's retries of the volunteer's reaction act once.
      const eventId = `EvANON${Date.now()}`;
      await team.react(helper, ask, { eventId });
      await team.react(helper, ask, { eventId, retryNum: 1 });
      const dms = repliesTo(asker).filter((c) => c.args.text.includes(`<@${helper}> can help`));
      expect(dms).toHaveLength(1);
      const reveal = revealButtonFor(asker, helper);

      // On PostgreSQL a second replica runs beside it, and each gets one press of Reply to @X.
      const replicas = [h.slack];
      if (h.databaseUrl) {
        const other = await replica(h);
        started.push(other.bot);
        replicas.push(other.slack);
      }
      await Promise.all(
        [0, 1].map((i) =>
          replicas[i % replicas.length]!.buttonPress(
            team,
            asker,
            { action_id: ACTIONS.revealToVolunteer, value: reveal.value },
            { channel: `D${asker}`, response_url: h.emulator.responseUrl() },
          ),
        ),
      );
      await h.idle();
      const groupDm = h.emulator.callsTo('conversations.open', (a) => a.users === `${asker},${helper}`)[0]!.result!
        .channel.id;
      expect(h.emulator.callsTo('chat.postMessage', (a) => a.channel === groupDm)).toHaveLength(1);
      const owed = await h.database.db
        .select()
        .from(outbox)
        .where(eq(outbox.key, `reveal:${ask.askId}:${helper}`));
      expect(owed).toHaveLength(1);
    } finally {
      for (const bot of started.slice(1)) await bot.stop();
    }
  });
});
