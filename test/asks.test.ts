import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asks } from '../src/db/schema/index.js';
import { type Harness, startHarness, type TestTeam } from './support/harness.js';
import { liveMentions } from './support/mentions.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const rowsOf = (team: TestTeam) => h.database.db.select().from(asks).where(eq(asks.teamId, team.teamId));
const postsIn = (channel: string) => h.emulator.callsTo('chat.postMessage', (a) => a.channel === channel);

describe('/ask with text', () => {
  it('broadcasts the ask with a volunteer button and reaction hint, and answers the asker with its link', async () => {
    const team = h.team();
    const asker = team.user();
    const ask = await team.ask(asker, 'we want to start a blog, who can help?');

    expect(ask.reply.status).toBe(200);
    const [post] = postsIn(team.channel);
    const blocks = JSON.stringify(post!.args.blocks);
    expect(blocks).toContain(`<@${asker}> asks`);
    expect(blocks).toContain('*we want to start a blog, who can help?*');
    expect(blocks).toContain('No volunteers yet.');
    expect(blocks).toContain('"action_id":"ask_volunteer"');
    expect(ask.responses).toHaveLength(1);
    expect(ask.responses[0]!.body).toMatchObject({ response_type: 'ephemeral' });
    expect(ask.responses[0]!.body.text).toContain(
      `https://example.slack.com/archives/${team.channel}/p${ask.ts.replace('.', '')}`,
    );
    const [row] = await rowsOf(team);
    expect(row).toMatchObject({ askerId: asker, channelId: team.channel, messageTs: ask.ts, status: 'open' });
  });

  it.each([
    ['<!channel>', '&lt;!channel&gt;'],
    ['<!here>', '&lt;!here&gt;'],
    ['<!everyone>', '&lt;!everyone&gt;'],
    ['<!subteam^S0123|@designers>', '&lt;!subteam^S0123|@designers&gt;'],
    ['<@U0ADMIN>', '&lt;@U0ADMIN&gt;'],
    // Slack sends a typed < > & as entities: decoded, then escaped again, they stay harmless.
    ['&lt;!channel&gt;', '&lt;!channel&gt;'],
    ['&lt;!here|here&gt;', '&lt;!here|here&gt;'],
  ])('never pings anyone with %s in the ask text', async (mention, escaped) => {
    const team = h.team();
    const ask = await team.ask(team.user(), `${mention} anyone know Rust & Go?`);
    expect(ask.ts).toBeTruthy();
    const post = postsIn(team.channel)[0]!;
    expect(JSON.stringify(post.args.blocks)).toContain(escaped);
    expect(post.args.text).toContain(escaped);
    expect(liveMentions(JSON.stringify(post.args))).toEqual([]);
    expect(JSON.stringify(post.args)).not.toContain(mention.replace(/&lt;/g, '<').replace(/&gt;/g, '>'));
  });

  it('refuses an ask over the limit, names the limit, gives the text back and posts nothing', async () => {
    const team = h.team();
    const text = `${'We need help with a long project. '.repeat(150).slice(0, 4997)}END`;
    const ask = await team.ask(team.user(), text);
    expect(ask.reply.body.response_type).toBe('ephemeral');
    expect(ask.reply.body.text).toContain('5,000 characters; the limit is 2,000');
    expect(JSON.stringify(ask.reply.body.blocks)).toContain('END');
    expect(postsIn(team.channel)).toHaveLength(0);
    expect(await rowsOf(team)).toHaveLength(0);
  });

  it('accepts an ask at the limit whose escaping quadruples its length, within Block Kit limits', async () => {
    const team = h.team();
    const ask = await team.ask(team.user(), '<'.repeat(2000));
    // The emulator refuses any section over 3,000 characters, as Slack does.
    expect(ask.ts).toBeTruthy();
    expect(h.emulator.callsTo('chat.postMessage', (a) => a.channel === team.channel)[0]!.result).toMatchObject({
      ok: true,
    });
  });

  it('answers /ask help with how to use it and posts nothing', async () => {
    const team = h.team();
    const ask = await team.ask(team.user(), 'help');
    expect(ask.reply.body.text).toContain('/ask');
    expect(postsIn(team.channel)).toHaveLength(0);
  });

  it('joins a public channel it is not in, then posts', async () => {
    const team = h.team();
    h.emulator.channels.set(team.channel, { member: false });
    const ask = await team.ask(team.user(), 'who knows about procurement?');
    expect(h.emulator.callsTo('conversations.join', (a) => a.channel === team.channel)).toHaveLength(1);
    expect(ask.ts).toBeTruthy();
    expect(await rowsOf(team)).toHaveLength(1);
  });

  it('when Slack answers 500, tells the asker to try again and keeps nothing (the post is not retried)', async () => {
    const team = h.team();
    h.emulator.fail('chat.postMessage', { status: 500 });
    const ask = await team.ask(team.user(), 'who can help me move desks?');
    expect(ask.responses[0]!.body.text).toContain('try again');
    expect(h.emulator.callsTo('chat.postMessage', (a) => a.channel === team.channel)).toHaveLength(1);
    expect(await rowsOf(team)).toHaveLength(0);
  });

  it.each([
    ['a private channel it was not invited to', { private: true, member: false }, 'Invite <@UBOT> there'],
    ['a channel Slack cannot find', { missing: true }, 'Invite <@UBOT> there'],
    ['an archived channel', { archived: true }, 'archived'],
  ])('tells the asker plainly when it cannot post in %s, and keeps nothing', async (_name, state, says) => {
    const team = h.team();
    h.emulator.channels.set(team.channel, state);
    const ask = await team.ask(team.user(), 'who can review a contract?');
    expect(ask.ts).toBeUndefined();
    expect(ask.responses).toHaveLength(1);
    expect(ask.responses[0]!.body.text).toContain(says);
    expect(ask.responses[0]!.body.text).toContain('Nothing was posted');
    expect(await rowsOf(team)).toHaveLength(0);
  });
});

describe('/ask alone', () => {
  it.each([[''], ['   ']])('opens the ask form for %j and posts nothing', async (text) => {
    const team = h.team();
    const before = h.emulator.callsTo('views.open').length;
    await team.ask(team.user(), text);
    const opened = h.emulator.callsTo('views.open').slice(before);
    expect(opened).toHaveLength(1);
    expect(opened[0]!.args.trigger_id).toMatch(/^trigger\./);
    expect(opened[0]!.args.view).toMatchObject({
      callback_id: 'ask_modal',
      private_metadata: JSON.stringify({ channel: team.channel }),
    });
    expect(postsIn(team.channel)).toHaveLength(0);
  });

  const values = (need: string, details = '', deadline: string | null = null) => ({
    need: { need: { type: 'plain_text_input', value: need } },
    details: { details: { type: 'plain_text_input', value: details || null } },
    deadline: { deadline: { type: 'datepicker', selected_date: deadline } },
  });
  const submit = (team: TestTeam, user: string, v: ReturnType<typeof values>) =>
    h.slack.viewSubmission(team, user, {
      callback_id: 'ask_modal',
      private_metadata: JSON.stringify({ channel: team.channel }),
      values: v,
    });

  it('posts the ask from the form with its details and deadline, and confirms ephemerally', async () => {
    const team = h.team();
    const asker = team.user();
    const reply = await submit(
      team,
      asker,
      values('Help us run a workshop', 'Two hours, 20 people, <!here> in Leeds', '2099-03-01'),
    );
    await h.idle();
    expect(reply.status).toBe(200);
    const post = postsIn(team.channel)[0]!;
    const blocks = JSON.stringify(post.args.blocks);
    expect(blocks).toContain('Help us run a workshop');
    expect(blocks).toContain('Two hours, 20 people, &lt;!here&gt; in Leeds');
    expect(blocks).toContain('2099-03-01');
    const [ephemeral] = h.emulator.callsTo('chat.postEphemeral', (a) => a.user === asker);
    expect(ephemeral!.args.text).toContain('Your ask is out');
    expect(await rowsOf(team)).toMatchObject([
      { details: 'Two hours, 20 people, <!here> in Leeds', deadline: '2099-03-01' },
    ]);
  });

  it.each([
    ['an empty need', values('   '), 'need'],
    ['a need over the limit', values('x'.repeat(2001)), 'need'],
    ['details over the limit', values('Help', 'y'.repeat(2001)), 'details'],
    ['a deadline in the past', values('Help', '', '2020-01-01'), 'deadline'],
  ])('shows an inline error for %s and posts nothing', async (_name, v, field) => {
    const team = h.team();
    const reply = await submit(team, team.user(), v);
    await h.idle();
    expect(reply.body).toMatchObject({ response_action: 'errors' });
    expect(Object.keys(reply.body.errors)).toEqual([field]);
    expect(postsIn(team.channel)).toHaveLength(0);
    expect(await rowsOf(team)).toHaveLength(0);
  });
});

describe('ASK_CHANNEL', () => {
  let hc: Harness;
  const askChannel = 'CASKS00001';
  beforeAll(async () => {
    hc = await startHarness({ env: { ASK_CHANNEL: askChannel } });
  });
  afterAll(async () => {
    await hc?.close();
  });

  it('broadcasts every ask to the configured channel, wherever /ask was used', async () => {
    const team = hc.team();
    const ask = await team.ask(team.user(), 'who speaks Welsh?', 'COTHER0001');
    expect(ask.channel).toBe(askChannel);
    expect(hc.emulator.callsTo('chat.postMessage', (a) => a.channel === 'COTHER0001')).toHaveLength(0);
    const rows = await hc.database.db
      .select()
      .from(asks)
      .where(and(eq(asks.teamId, team.teamId), eq(asks.channelId, askChannel)));
    expect(rows).toHaveLength(1);
  });
});

describe('the ask form with ASK_CHANNEL', () => {
  let hc: Harness;
  beforeAll(async () => {
    hc = await startHarness({ env: { ASK_CHANNEL: 'CASKS00002' } });
  });
  afterAll(async () => {
    await hc?.close();
  });

  it('confirms by DM when the bot cannot post an ephemeral where the form was opened', async () => {
    const team = hc.team();
    const asker = team.user();
    hc.emulator.channels.set(team.channel, { members: ['USOMEONEELSE'] });
    await hc.slack.viewSubmission(team, asker, {
      callback_id: 'ask_modal',
      private_metadata: JSON.stringify({ channel: team.channel }),
      values: { need: { need: { type: 'plain_text_input', value: 'Who can lend a projector?' } } },
    });
    await hc.idle();
    expect(hc.emulator.callsTo('chat.postMessage', (a) => a.channel === 'CASKS00002')).toHaveLength(1);
    const dm = hc.emulator.callsTo(
      'chat.postMessage',
      (a) => a.channel === asker && a.metadata?.event_type !== 'who_can_help_asker_dm',
    );
    expect(dm).toHaveLength(1);
    expect(dm[0]!.args.text).toContain('Your ask is out');
  });
});
