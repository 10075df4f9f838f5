import type { App, BlockButtonAction, Context } from '@slack/bolt';
import type { Deps } from '../deps.js';
import { publishHome } from '../home/publish.js';
import { getPerson, refreshPerson } from '../people/lookup.js';
import type { ButtonArgs, ViewArgs } from '../slack/args.js';
import { NotAdmin } from '../slack/errors.js';
import { ACTIONS, VIEWS } from '../slack/ids.js';
import { type Workspace, workspaceOf } from '../slack/workspace.js';
import { settingsModal } from './blocks.js';
import { readSettingsForm } from './form.js';
import { remember, settingsFor } from './lookup.js';
import { orgMatchingOn, saveOrgMatching } from './org.js';
import { saveSettings } from './queries.js';
import { offerTopic, setTopicButton } from './topic.js';

/** An org-wide (Enterprise Grid) install: its admins may let asks match across the org's workspaces. */
const orgWide = (args: { context: Context }, ws: Workspace): string | undefined =>
  (args.context.isEnterpriseInstall && ws.enterpriseId) || undefined;

/** The button shows only on admins' Home tabs, but anyone can send its payload: both ends check. */
const openSettings = (deps: Deps) => async (args: ButtonArgs) => {
  await args.ack();
  const ws = workspaceOf(args);
  if (!(await getPerson(deps.db, args.client, ws, args.body.user.id)).isAdmin) throw new NotAdmin();
  const enterpriseId = orgWide(args, ws);
  const org = enterpriseId ? { crossWorkspaceMatching: await orgMatchingOn(deps.db, enterpriseId) } : undefined;
  await args.client.views.open({
    trigger_id: args.body.trigger_id,
    view: settingsModal(await settingsFor(deps.db, deps.env, ws), org),
  });
};

const saveSettingsForm = (deps: Deps) => async (args: ViewArgs) => {
  const form = readSettingsForm(args.view.state.values);
  if ('errors' in form) return args.ack({ response_action: 'errors', errors: form.errors });
  await args.ack();
  const ws = workspaceOf(args);
  const userId = args.body.user.id;
  // Asked of Slack afresh: the cache could still call someone an admin who was demoted today.
  if (!(await refreshPerson(deps.db, args.client, ws, userId)).isAdmin) throw new NotAdmin();
  // The form opens on the defaults: a value left as the environment's keeps following it.
  const values = {
    askChannel: form.askChannel === (deps.env.ASK_CHANNEL ?? '') ? null : form.askChannel,
    volunteerReaction: form.volunteerReaction === deps.env.VOLUNTEER_REACTION ? null : form.volunteerReaction,
    guestsMayAsk: form.guestsMayAsk === deps.env.GUESTS_MAY_ASK ? null : form.guestsMayAsk,
    // Allowed is the default: only turning it off is stored.
    anonymousAsks: form.anonymousAsks ? null : false,
  };
  const before = (await settingsFor(deps.db, deps.env, ws)).askChannel;
  remember(deps.db, await saveSettings(deps.db, ws, { ...values, updatedBy: userId }));
  // Only an org-wide install's form has the box, and only its admins' press counts.
  const enterpriseId = orgWide(args, ws);
  const across = enterpriseId ? form.crossWorkspaceMatching : undefined;
  if (enterpriseId && across !== undefined) await saveOrgMatching(deps.db, enterpriseId, across, userId);
  deps.log.info(
    {
      teamId: ws.teamId,
      userId,
      askChannel: form.askChannel,
      reaction: form.volunteerReaction,
      guestsMayAsk: form.guestsMayAsk,
      anonymousAsks: form.anonymousAsks,
      crossWorkspaceMatching: across,
    },
    'workspace settings changed',
  );
  await publishHome(deps, args.client, ws, userId);
  // A newly picked ask channel: its topic is where how to volunteer is said, once, for everyone.
  if (form.askChannel && form.askChannel !== before) await offerTopic(deps, args.client, ws, userId, form.askChannel);
};

export function register(app: App, deps: Deps): void {
  app.action<BlockButtonAction>(ACTIONS.homeEditSettings, openSettings(deps));
  app.view(VIEWS.settingsModal, saveSettingsForm(deps));
  app.action<BlockButtonAction>(ACTIONS.setAskTopic, setTopicButton(deps));
}
