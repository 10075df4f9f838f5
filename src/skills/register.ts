import type { App, BlockButtonAction } from '@slack/bolt';
import type { Deps } from '../deps.js';
import { ACTIONS, COMMANDS, VIEWS } from '../slack/ids.js';
import { skillsCommand } from './command.js';
import { catalogueOptions, forgetMeButton, skillsModalSubmit } from './interactions.js';
import { offerButton } from './offers.js';

export function register(app: App, deps: Deps): void {
  app.command(COMMANDS.skills, skillsCommand(deps));
  app.view(VIEWS.skillsModal, skillsModalSubmit(deps));
  app.action<BlockButtonAction>(ACTIONS.forgetMe, forgetMeButton(deps));
  app.action<BlockButtonAction>(ACTIONS.addOfferedSkill, offerButton(deps, 'added'));
  app.action<BlockButtonAction>(ACTIONS.declineOfferedSkill, offerButton(deps, 'declined'));
  for (const picker of [ACTIONS.pickSkills, ACTIONS.pickInterests, ACTIONS.pickAskSkills]) {
    app.options(picker, catalogueOptions(deps));
  }
}
