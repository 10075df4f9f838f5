import type { App, BlockButtonAction } from '@slack/bolt';
import { askModal } from '../asks/blocks';
import type { Deps } from '../deps';
import { getPerson } from '../people/lookup';
import { settingsFor } from '../settings/lookup';
import { openSkillsForm } from '../skills/command';
import { ACTIONS, EVENTS } from '../slack/ids';
import { workspaceOf } from '../slack/workspace';
import { publishHome } from './publish';
import { markHomeOpened } from './queries';

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

  app.action<BlockButtonAction>(ACTIONS.homeNewAsk, async (args) => {
    await args.ack();
    const { askChannel } = await settingsFor(deps.db, deps.env, workspaceOf(args));
    await args.client.views.open({ trigger_id: args.body.trigger_id, view: askModal(askChannel) });
  });
}
