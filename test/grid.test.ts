import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outbox, personSkills, workspaceSettings } from '../src/db/schema/index.js';
import { ACTIONS, SETTINGS_MODAL_FIELDS as F, VIEWS } from '../src/slack/ids.js';
import { type Harness, startHarness, type TestTeam } from './support/harness.js';

// Enterprise Grid with one org-wide installation: an org admin lets asks match across the org's workspaces.
let h: Harness;
beforeAll(async () => {
  h = await startHarness({ oauth: true });
});
afterAll(async () => {
  await h?.close();
});

const matchDms = (user: string) =>
  h.emulator.callsTo('chat.postMessage', (a) => a.channel === user && a.text?.includes('is asking'));
const threadOf = (ask: { ts: string }) =>
  JSON.stringify(h.emulator.callsTo('chat.postMessage', (a) => a.thread_ts === ask.ts).map((c) => c.args));
const settingsForm = () => h.emulator.callsTo('views.open').at(-1)!.args.view;

/** Submits the settings form as the user, the org box ticked or not (absent: the form had none). */
async function submit(team: TestTeam, user: string, across?: boolean) {
  const option = { text: { type: 'plain_text', text: 'x' }, value: 'yes' };
  const reply = await h.slack.viewSubmission(team, user, {
    callback_id: VIEWS.settingsModal,
    private_metadata: '',
    values: {
      [F.volunteerReaction]: { [F.volunteerReaction]: { type: 'plain_text_input', value: 'raising_hand' } },
      ...(across === undefined
        ? {}
        : {
            [F.crossWorkspaceMatching]: {
              [F.crossWorkspaceMatching]: { type: 'checkboxes', selected_options: across ? [option] : [] },
            },
          }),
    },
  });
  await h.idle();
  return reply;
}

async function org() {
  const enterpriseId = `E${randomBytes(5).toString('hex').toUpperCase()}`;
  expect((await h.install({ enterpriseId, isEnterpriseInstall: true })).status).toBe(200);
  const [alpha, beta] = [h.team({ enterpriseId, orgInstall: true }), h.team({ enterpriseId, orgInstall: true })];
  return { enterpriseId, alpha, beta };
}

describe('matching across an Enterprise Grid org', () => {
  it(
    'once an org admin turns it on, an ask reaches people of the org’s other workspaces by DM in their own; ' +
      'never their guests, never from a private channel',
    async () => {
      const { enterpriseId, alpha, beta } = await org();
      const [admin, asker, local] = [alpha.user({ is_admin: true }), alpha.user(), alpha.user()];
      const [blogger, guest] = [beta.user(), beta.user({ is_restricted: true })];
      for (const [team, user] of [
        [alpha, local],
        [beta, blogger],
        [beta, guest],
      ] as const)
        await team.skills(user, 'add blogging');

      // Off until an org admin says otherwise: the ask stays in its workspace.
      const before = await alpha.ask(asker, 'we want to start a blog, who can help?');
      expect(threadOf(before)).toContain(local);
      expect(matchDms(blogger)).toHaveLength(0);

      // The admin's settings form has the org's box (an org-wide install); ticking it turns it on for the org.
      await h.slack.homeButtonPress(alpha, admin, { action_id: ACTIONS.homeEditSettings, value: 'x' });
      await h.idle();
      expect(JSON.stringify(settingsForm().blocks)).toContain(F.crossWorkspaceMatching);
      expect((await submit(alpha, admin, true)).status).toBe(200);
      const [row] = await h.database.db
        .select()
        .from(workspaceSettings)
        .where(eq(workspaceSettings.teamId, enterpriseId));
      expect(row).toMatchObject({ crossWorkspaceMatching: true, enterpriseId, updatedBy: admin });

      const ask = await alpha.ask(asker, 'we want to start a blog for the org, who can help?');
      // Their own workspace's match is tagged in the thread as always; the other workspace's is DM'd,
      // the notice recorded under their own workspace.
      expect(threadOf(ask)).toContain(local);
      expect(threadOf(ask)).not.toContain(blogger);
      const dm = matchDms(blogger);
      expect(dm).toHaveLength(1);
      expect(dm[0]!.args.text).toContain(`<@${asker}>`);
      const [notice] = await h.database.db
        .select({ teamId: outbox.teamId })
        .from(outbox)
        .where(eq(outbox.id, dm[0]!.args.metadata.event_payload.notice));
      expect(notice?.teamId).toBe(beta.teamId);
      // Guests are never told, from any workspace.
      expect(JSON.stringify(h.emulator.callsTo('chat.postMessage').map((c) => c.args))).not.toContain(guest);

      // A private channel's ask never leaves its workspace.
      const secret = `G${randomBytes(5).toString('hex').toUpperCase()}`;
      h.emulator.channels.set(secret, { private: true, member: true });
      const hidden = await alpha.ask(asker, 'a private blog for our team, who can help?', secret);
      expect(hidden.ts).toBeTruthy();
      expect(matchDms(blogger)).toHaveLength(1);

      // Not my area, pressed in the DM in their own workspace, mutes the skill there.
      const press = await beta.press(blogger, ACTIONS.notMyArea, { askId: ask.askId, channel: `D${blogger}` });
      expect(press.reply.status).toBe(200);
      expect(JSON.stringify(press.responses)).toContain('will not bring you asks');
      const [skill] = await h.database.db
        .select({ mutedAt: personSkills.mutedAt })
        .from(personSkills)
        .where(and(eq(personSkills.teamId, beta.teamId), eq(personSkills.userId, blogger)));
      expect(skill?.mutedAt).toBeInstanceOf(Date);

      // Turned off again: asks stay home.
      await submit(alpha, admin, false);
      await beta.skills(blogger, 'add blogging');
      await alpha.ask(asker, 'blog templates, who can help?');
      expect(matchDms(blogger)).toHaveLength(1);
    },
  );

  it('only an org admin of an org-wide install can turn it on; a lone workspace never sees the box', async () => {
    const { enterpriseId, alpha } = await org();
    const member = alpha.user();
    expect((await submit(alpha, member, true)).status).toBe(200);
    const rows = await h.database.db.select().from(workspaceSettings).where(eq(workspaceSettings.teamId, enterpriseId));
    expect(rows).toHaveLength(0);

    // One workspace of an org, installed on its own (not org-wide): no box, and a forged one changes nothing.
    const single = h.team({ enterpriseId });
    expect((await h.install({ teamId: single.teamId, enterpriseId })).status).toBe(200);
    const admin = single.user({ is_admin: true });
    await h.slack.homeButtonPress(single, admin, { action_id: ACTIONS.homeEditSettings, value: 'x' });
    await h.idle();
    expect(JSON.stringify(settingsForm().blocks)).not.toContain(F.crossWorkspaceMatching);
    await submit(single, admin, true);
    const after = await h.database.db
      .select()
      .from(workspaceSettings)
      .where(eq(workspaceSettings.teamId, enterpriseId));
    expect(after).toHaveLength(0);
  });
});
