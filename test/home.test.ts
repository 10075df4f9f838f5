import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asks, volunteers } from '../src/db/schema/index.js';
import { type Harness, startHarness } from './support/harness.js';
import { creditForm, creditValues } from './support/helping.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const homesOf = (user: string) => h.emulator.callsTo('views.publish', (a) => a.user_id === user);
const lastHome = (user: string) => h.lastHome(user);

describe('the App Home tab', () => {
  it('welcomes a first-time visitor with the three things the bot does', async () => {
    const team = h.team();
    const visitor = team.user();
    await team.openHome(visitor);
    const home = lastHome(visitor);
    expect(home).toContain('Welcome!');
    expect(home).toContain('Ask everyone');
    expect(home).toContain('home_edit_skills');
    expect(home).toContain('home_new_ask');
  });

  it('shows your skills, your asks with their volunteers and replies, and the open asks that match you', async () => {
    const team = h.team();
    const [me, other, helper] = [team.user(), team.user(), team.user()];
    await team.skills(me, 'add blogging');
    await team.skills(me, 'interest photography');
    const mine = await team.ask(me, 'who can help me learn Excel?');
    await team.react(helper, mine);
    await team.message({ user: helper, text: 'me', ts: '1800002000.000100', thread_ts: mine.ts });
    await team.ask(other, 'we want to start a blog, who can help?');
    await team.ask(other, 'who can plan the team away day?');
    await team.openHome(me);
    const home = lastHome(me);
    expect(home).toContain('*Your skills:* Blogging');
    expect(home).toContain('*Interests:* Photography');
    expect(home).toContain('learn Excel');
    expect(home).toContain('1 volunteer · 1 reply');
    expect(home).toContain(
      `"action_id":"ask_resolve","text":{"type":"plain_text","text":"Mark resolved"},"value":"${mine.askId}"`,
    );
    expect(home).toContain('start a blog');
    expect(home).not.toContain('away day');
  });

  it('cuts long lists with "and N more"', async () => {
    const team = h.team();
    const me = team.user();
    for (let i = 0; i < 13; i++) await team.ask(me, `who can help with task number ${i}?`);
    await team.openHome(me);
    expect(lastHome(me)).toContain('…and 3 more.');
  });

  it('refreshes after a change that affects it, only for people who use it', async () => {
    const team = h.team();
    const [me, asker, stranger] = [team.user(), team.user(), team.user()];
    await team.openHome(me);
    await team.openHome(asker);
    await team.skills(me, 'add blogging');
    expect(lastHome(me)).toContain('*Your skills:* Blogging');
    const ask = await team.ask(asker, 'we want to start a blog');
    expect(lastHome(asker)).toContain('start a blog');
    await team.react(me, ask);
    expect(lastHome(asker)).toContain('1 volunteer');
    await team.skills(stranger, 'add blogging');
    expect(homesOf(stranger)).toHaveLength(0);
  });

  it('ignores the Messages tab', async () => {
    const team = h.team();
    const me = team.user();
    await team.openHome(me, 'messages');
    expect(homesOf(me)).toHaveLength(0);
  });
});

describe('buttons on the Home tab', () => {
  it('I can help volunteers and confirms by DM (a Home tab has no response_url)', async () => {
    const team = h.team();
    const [me, asker] = [team.user(), team.user()];
    await team.skills(me, 'add blogging');
    const ask = await team.ask(asker, 'we want to start a blog');
    await team.openHome(me);
    await team.pressHome(me, 'ask_volunteer', ask.askId);
    expect(await h.database.db.select().from(volunteers).where(eq(volunteers.askId, ask.askId))).toHaveLength(1);
    expect(
      h.emulator.callsTo('chat.postMessage', (a) => a.channel === me && a.text.includes('has been told')),
    ).toHaveLength(1);
    // It moves from the asks that match them to the asks they're helping with.
    const home = lastHome(me);
    expect(home.indexOf('start a blog')).toBeGreaterThan(home.indexOf("Asks you're helping with"));
    expect(home.indexOf('start a blog')).toBeLessThan(home.indexOf('Asks that match you'));
  });

  it('Mark resolved opens the form, and sending it closes your ask', async () => {
    const team = h.team();
    const me = team.user();
    const ask = await team.ask(me, 'who can lend me a ladder?');
    await team.openHome(me);
    await team.pressHome(me, 'ask_resolve', ask.askId);
    const form = creditForm(h, ask.askId)!;
    await h.slack.viewSubmission(team, me, {
      callback_id: 'ask_credit_modal',
      private_metadata: form.view.private_metadata,
      values: creditValues([]),
    });
    await h.idle();
    // No response_url on the Home tab: the asker is told by DM.
    expect(
      h.emulator.callsTo('chat.postMessage', (a) => a.channel === me && a.text?.includes('resolved')),
    ).toHaveLength(1);
    const [row] = await h.database.db.select().from(asks).where(eq(asks.id, ask.askId));
    expect(row!.status).toBe('resolved');
    expect(lastHome(me)).toContain('Resolved');
  });

  it('Edit opens the skills form; New ask opens the ask form with a channel picker and posts there', async () => {
    const team = h.team();
    const me = team.user();
    await team.openHome(me);
    await team.pressHome(me, 'home_edit_skills', 'home_edit_skills');
    expect(h.emulator.callsTo('views.open').at(-1)!.args.view.callback_id).toBe('skills_modal');
    await team.pressHome(me, 'home_new_ask', 'home_new_ask');
    const form = h.emulator.callsTo('views.open').at(-1)!.args.view;
    expect(form.callback_id).toBe('ask_modal');
    expect(JSON.stringify(form.blocks)).toContain('conversations_select');

    const values = { need: { need: { type: 'plain_text_input', value: 'Who can review my slides?' } } };
    const refused = await h.slack.viewSubmission(team, me, {
      callback_id: 'ask_modal',
      private_metadata: form.private_metadata,
      values,
    });
    expect(refused.body).toMatchObject({ response_action: 'errors', errors: { channel: expect.any(String) } });
    await h.slack.viewSubmission(team, me, {
      callback_id: 'ask_modal',
      private_metadata: form.private_metadata,
      values: {
        ...values,
        channel: { channel: { type: 'conversations_select', selected_conversation: team.channel } },
      },
    });
    await h.idle();
    expect(
      h.emulator.callsTo('chat.postMessage', (a) => a.channel === team.channel && a.text.includes('asks:')),
    ).toHaveLength(1);
  });
});
