import type { AllMiddlewareArgs, App, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { askModal } from '../asks/blocks.js';
import type { Deps } from '../deps.js';
import { getPerson } from '../people/lookup.js';
import { settingsFor } from '../settings/lookup.js';
import { openSkillsForm } from '../skills/form.js';
import { ACTIONS, EVENTS } from '../slack/ids.js';
import { workspaceOf } from '../slack/workspace.js';
import { publishHome } from './publish.js';
import { markHomeOpened } from './queries.js';

export function register(app: App, deps: Deps): void {
  app.event(EVENTS.appHomeOpened, async ({ event, client, context, body }) => {
    if (event.tab !== 'home') return;
    const ws = workspaceOf({ context, body });
    await getPerson(deps.db, client, ws, event.user);
    await markHomeOpened(deps.db, ws, event.user);
    await publishHome(deps, client, ws, event.user);
  });

  app.action<BlockButtonAction>(ACTIONS.homeEditSkills, async (args) => {
    await args.ack();
    await openSkillsForm(deps, args.client, workspaceOf(args), args.body.user.id, args.body.trigger_id);
  });

  // *New ask* on the Home tab, and *Ask everyone* under an empty `/skills who` (its value: a draft).
  const newAsk = async (args: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs) => {
    await args.ack();
    const { askChannel, anonymousAsks } = await settingsFor(deps.db, deps.env, workspaceOf(args));
    const need = args.action.action_id === ACTIONS.askEveryone ? args.action.value : undefined;
    const view = askModal(askChannel, anonymousAsks ? false : undefined, {
      notifyLimit: deps.env.MATCH_NOTIFY_LIMIT,
      need,
    });
    await args.client.views.open({ trigger_id: args.body.trigger_id, view });
  };
  app.action<BlockButtonAction>(ACTIONS.homeNewAsk, newAsk);
  app.action<BlockButtonAction>(ACTIONS.askEveryone, newAsk);
}
