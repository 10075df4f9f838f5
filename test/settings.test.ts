import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asks, volunteers, workspaceSettings } from '../src/db/schema/index.js';
import { loadEnv } from '../src/env.js';
import { readSettingsForm } from '../src/settings/form.js';
import { effectiveSettings, type Settings } from '../src/settings/lookup.js';
import { type Harness, startHarness, type TestTeam } from './support/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const settingsOf = async (hx: Harness, team: TestTeam) =>
  (await hx.database.db.select().from(workspaceSettings).where(eq(workspaceSettings.teamId, team.teamId)))[0];
const dmsTo = (hx: Harness, user: string, text: string) =>
  hx.emulator.callsTo('chat.postMessage', (a) => a.channel === user && a.text?.includes(text));
const postedAsks = (hx: Harness, asker: string) =>
  hx.emulator.callsTo('chat.postMessage', (a) => a.text?.includes(`<@${asker}> asks:`));

/** Submits the settings form as the user; `channel` null clears the channel picker. */
async function submit(
  hx: Harness,
  team: TestTeam,
  user: string,
  { channel = null, reaction }: { channel?: string | null; reaction: string },
) {
  const reply = await hx.slack.viewSubmission(team, user, {
    callback_id: 'settings_modal',
    private_metadata: '',
    values: {
      ask_channel: { ask_channel: { type: 'conversations_select', selected_conversation: channel } },
      volunteer_reaction: { volunteer_reaction: { type: 'plain_text_input', value: reaction } },
    },
  });
  await hx.idle();
  return reply;
}

describe('workspace settings on the Home tab', () => {
  it('are shown to admins and owners with a Change button that opens the form, and to nobody else', async () => {
    const team = h.team();
    const [admin, owner, member] = [team.user({ is_admin: true }), team.user({ is_owner: true }), team.user()];
    for (const user of [admin, owner, member]) await team.openHome(user);
    expect(h.lastHome(admin)).toContain('Workspace settings');
    expect(h.lastHome(admin)).toContain('home_edit_settings');
    expect(h.lastHome(admin)).toContain(':raising_hand:');
    expect(h.lastHome(owner)).toContain('home_edit_settings');
    expect(h.lastHome(member)).not.toContain('Workspace settings');

    await h.slack.homeButtonPress(team, admin, { action_id: 'home_edit_settings', value: 'home_edit_settings' });
    await h.idle();
    const form = h.emulator.callsTo('views.open').at(-1)!.args.view;
    expect(form.callback_id).toBe('settings_modal');
    expect(JSON.stringify(form.blocks)).toContain('conversations_select');
    expect(JSON.stringify(form.blocks)).toContain('"initial_value":"raising_hand"');
  });

  it(
    'an admin sets the ask channel: the next /ask is posted there (joining it), ' +
      'and clearing it posts where /ask is used',
    async () => {
      const team = h.team();
      const [admin, asker] = [team.user({ is_admin: true }), team.user()];
      const askChannel = `C${team.teamId.slice(1)}A`;
      h.emulator.channels.set(askChannel, { member: false });
      await team.openHome(admin);
      expect((await submit(h, team, admin, { channel: askChannel, reaction: 'raising_hand' })).status).toBe(200);
      // The reaction left as the default keeps following VOLUNTEER_REACTION.
      expect(await settingsOf(h, team)).toMatchObject({ askChannel, volunteerReaction: null, updatedBy: admin });
      expect(h.lastHome(admin)).toContain(`<#${askChannel}>`);
      expect(h.lastHome(admin)).toContain(`Last changed by <@${admin}>`);

      await team.ask(asker, 'who can help me fix the printer?');
      expect(h.emulator.callsTo('conversations.join', (a) => a.channel === askChannel)).toHaveLength(1);
      expect(
        postedAsks(h, asker)
          .filter((c) => c.result?.ok)
          .map((c) => c.args.channel),
      ).toEqual([askChannel]);
      const [row] = await h.database.db.select().from(asks).where(eq(asks.teamId, team.teamId));
      expect(row!.channelId).toBe(askChannel);

      await submit(h, team, admin, { channel: null, reaction: 'raising_hand' });
      // Cleared, with ASK_CHANNEL unset: it follows the environment, which posts where /ask is used.
      expect(await settingsOf(h, team)).toMatchObject({ askChannel: null });
      await team.ask(asker, 'who can water the plants?');
      expect(postedAsks(h, asker).at(-1)!.args.channel).toBe(team.channel);
    },
  );

  it(
    'an admin changes the reaction: new asks name it, reacting with it volunteers, ' + 'and the old one no longer does',
    async () => {
      const team = h.team();
      const [admin, asker, helper, other] = [team.user({ is_admin: true }), team.user(), team.user(), team.user()];
      await submit(h, team, admin, { reaction: ' :wave: ' });
      expect(await settingsOf(h, team)).toMatchObject({ volunteerReaction: 'wave' });

      const ask = await team.ask(asker, 'who can help me move desks?');
      // How to volunteer is said once, in the ask channel's topic, not on every ask (test/asker-controls.test.ts).
      expect(JSON.stringify(postedAsks(h, asker).at(-1)!.args.blocks)).not.toContain('React with');
      await team.react(other, ask, { name: 'raising_hand' });
      await team.react(helper, ask, { name: 'wave::skin-tone-3' });
      const rows = await h.database.db.select().from(volunteers).where(eq(volunteers.askId, ask.askId));
      expect(rows.map((v) => v.userId)).toEqual([helper]);
      // Replies under the asker's living DM about the ask.
      expect(dmsTo(h, `D${asker}`, `<@${helper}> can help`)).toHaveLength(1);
      expect(dmsTo(h, `D${asker}`, `<@${other}> can help`)).toHaveLength(0);
    },
  );

  it('a bad emoji name gets an error in the form, and nothing is written', async () => {
    const team = h.team();
    const admin = team.user({ is_admin: true });
    for (const reaction of ['thumbs up', 'Wave', '::', '<!channel>']) {
      const reply = await submit(h, team, admin, { reaction });
      expect(reply.body).toMatchObject({
        response_action: 'errors',
        errors: { volunteer_reaction: expect.stringContaining('emoji name') },
      });
    }
    expect(await settingsOf(h, team)).toBeUndefined();
  });
});

describe('a non-admin changing workspace settings', () => {
  it('is refused by DM, whether by the Change button or a forged form, and nothing is written', async () => {
    const team = h.team();
    const member = team.user();
    const forms = () => h.emulator.callsTo('views.open', (a) => a.view?.callback_id === 'settings_modal').length;
    const before = forms();
    await h.slack.homeButtonPress(team, member, { action_id: 'home_edit_settings', value: 'home_edit_settings' });
    await h.idle();
    expect(forms()).toBe(before);
    const reply = await submit(h, team, member, { channel: team.channel, reaction: 'thumbsup' });
    expect(reply.status).toBe(200);
    expect(dmsTo(h, member, 'Only workspace admins')).toHaveLength(2);
    expect(await settingsOf(h, team)).toBeUndefined();
  });

  it('is refused for an admin demoted since their Home tab was drawn: Slack is asked afresh', async () => {
    const team = h.team();
    const admin = team.user({ is_admin: true });
    await team.openHome(admin);
    expect(h.lastHome(admin)).toContain('home_edit_settings');
    h.emulator.users.set(admin, { ...h.emulator.users.get(admin)!, is_admin: false });
    await submit(h, team, admin, { reaction: 'thumbsup' });
    expect(dmsTo(h, admin, 'Only workspace admins')).toHaveLength(1);
    expect(await settingsOf(h, team)).toBeUndefined();
  });
});

describe('settings are per workspace', () => {
  it("one workspace's channel and reaction leave another's alone", async () => {
    const [a, b] = [h.team(), h.team()];
    const adminA = a.user({ is_admin: true });
    await submit(h, a, adminA, { channel: a.channel, reaction: 'wave' });
    const [askerB, helperB, adminB] = [b.user(), b.user(), b.user({ is_admin: true })];
    const ask = await b.ask(askerB, 'who can help me plan the offsite?');
    expect(ask.channel).toBe(b.channel);
    // A's admin was offered A's channel topic naming A's reaction; B's admin was offered nothing.
    expect(JSON.stringify(h.dmsTo(adminA).map((c) => c.args.text))).toContain(':wave:');
    expect(h.dmsTo(adminB)).toHaveLength(0);
    await b.react(helperB, ask, { name: 'wave' });
    await b.react(helperB, ask, { name: 'raising_hand' });
    expect(await h.database.db.select().from(volunteers).where(eq(volunteers.askId, ask.askId))).toHaveLength(1);
    await b.openHome(adminB);
    expect(h.lastHome(adminB)).toContain('These are the defaults');
    expect(await settingsOf(h, b)).toBeUndefined();
  });

  it("the digest points each workspace's people to its own ask channel", async () => {
    const team = h.team();
    const [admin, first, second] = [team.user({ is_admin: true }), team.user(), team.user()];
    await submit(h, team, admin, { channel: team.channel, reaction: 'raising_hand' });
    await team.ask(first, 'who can help me choose a laptop?');
    await team.ask(second, 'who can proofread my report?');
    await h.digest();
    const digest = h.emulator
      .callsTo('chat.postMessage', (a) => a.channel === first && a.metadata?.event_type === 'who_can_help_digest')
      .at(-1);
    expect(JSON.stringify(digest!.args.blocks)).toContain(`Every ask is in <#${team.channel}>`);
  });
});

describe('with ASK_CHANNEL set', () => {
  let hc: Harness;
  const envChannel = 'CENVASKS01';
  beforeAll(async () => {
    hc = await startHarness({ env: { ASK_CHANNEL: envChannel, VOLUNTEER_REACTION: 'hand' } });
  });
  afterAll(async () => {
    await hc?.close();
  });

  it('the environment is the default, and a workspace can still choose "where /ask is used"', async () => {
    const team = hc.team();
    const [admin, asker] = [team.user({ is_admin: true }), team.user()];
    await team.openHome(admin);
    expect(hc.lastHome(admin)).toContain(`<#${envChannel}>`);
    expect(hc.lastHome(admin)).toContain(':hand:');
    await team.ask(asker, 'who can lend me a tripod?');
    expect(postedAsks(hc, asker).at(-1)!.args.channel).toBe(envChannel);

    await submit(hc, team, admin, { channel: null, reaction: 'hand' });
    expect(hc.lastHome(admin)).toContain('where `/ask` is used');
    await team.ask(asker, 'who can lend me a ladder?');
    expect(postedAsks(hc, asker).at(-1)!.args.channel).toBe(team.channel);
  });
});

describe('the settings form and defaults, without Slack', () => {
  const form = (channel: string | null, reaction: string) =>
    readSettingsForm({
      ask_channel: { ask_channel: { type: 'conversations_select', selected_conversation: channel } },
      volunteer_reaction: { volunteer_reaction: { type: 'plain_text_input', value: reaction } },
    } as never);

  it('reads an emoji name like the environment does, and an empty picker as "where /ask is used"', () => {
    expect(form('C0123', ' :+1: ')).toEqual({
      askChannel: 'C0123',
      volunteerReaction: '+1',
      guestsMayAsk: false,
      anonymousAsks: false,
    });
    expect(form(null, "man-raising-hand_it's")).toMatchObject({
      askChannel: '',
      volunteerReaction: "man-raising-hand_it's",
    });
    expect(form('D0123', 'x')).toMatchObject({ errors: { ask_channel: expect.any(String) } });
    expect(form(null, 'a'.repeat(101))).toMatchObject({ errors: { volunteer_reaction: expect.any(String) } });
  });

  it('falls back to the environment for what a workspace has not set', () => {
    const env = loadEnv({
      SLACK_BOT_TOKEN: 'xoxb-x',
      SLACK_SIGNING_SECRET: 'secret-secret',
      ASK_CHANNEL: 'CENV',
      VOLUNTEER_REACTION: 'hand',
    });
    const row = (askChannel: string | null, volunteerReaction: string | null) => ({
      teamId: 'T1',
      enterpriseId: null,
      askChannel,
      volunteerReaction,
      guestsMayAsk: null,
      anonymousAsks: null,
      crossWorkspaceMatching: null,
      spotlightChannel: null,
      updatedBy: 'U1',
      updatedAt: new Date(),
    });
    const defaults: Settings = {
      askChannel: 'CENV',
      volunteerReaction: 'hand',
      guestsMayAsk: false,
      anonymousAsks: true,
      updatedBy: null,
    };
    expect(effectiveSettings(env, null)).toEqual(defaults);
    expect(effectiveSettings(env, row(null, null))).toEqual({ ...defaults, updatedBy: 'U1' });
    expect(effectiveSettings(env, row('', 'wave'))).toEqual({
      askChannel: null,
      volunteerReaction: 'wave',
      guestsMayAsk: false,
      anonymousAsks: true,
      updatedBy: 'U1',
    });
    expect(effectiveSettings(env, row('COWN', null))).toMatchObject({ askChannel: 'COWN' });
  });
});
