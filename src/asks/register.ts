import type { App, BlockButtonAction } from '@slack/bolt';
import type { Deps } from '../deps';
import { ACTIONS, COMMANDS, EVENTS, VIEWS } from '../slack/ids';
import { resolveButton, volunteerButton, withdrawButton } from './buttons';
import { askCommand, askModalSubmit } from './command';
import { reaction, threadMessage } from './events';

export function register(app: App, deps: Deps): void {
  app.command(COMMANDS.ask, askCommand(deps));
  app.view(VIEWS.askModal, askModalSubmit(deps));
  app.action<BlockButtonAction>(ACTIONS.volunteer, volunteerButton(deps));
  app.action<BlockButtonAction>(ACTIONS.withdraw, withdrawButton(deps));
  app.action<BlockButtonAction>(ACTIONS.resolve, resolveButton(deps));
  app.event(EVENTS.reactionAdded, reaction(deps));
  app.event(EVENTS.reactionRemoved, reaction(deps));
  app.event(EVENTS.message, threadMessage(deps));
}
