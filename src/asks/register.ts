import type { App, BlockButtonAction, BlockOverflowAction } from '@slack/bolt';
import type { Deps } from '../deps.js';
import { ACTIONS, COMMANDS, EVENTS, VIEWS } from '../slack/ids.js';
import { registerDmDeliveries, withAskerDm } from './asker-dm-deliveries.js';
import { resolveButton, volunteerButton, withdrawButton } from './buttons.js';
import { channelArchived, channelMadePrivate } from './channels.js';
import { followUpResolveButton, stillLookingButton } from './checkin-buttons.js';
import { goWithButton, handBackButton, stillOnItButton } from './claim-buttons.js';
import { askCommand, askModalSubmit } from './command.js';
import { creditModalSubmit } from './credit-form.js';
import { deliverMessageDelete } from './deletion.js';
import { askEditSubmit } from './edit.js';
import { reaction, threadMessage } from './events.js';
import { askRefreshPrefix, deliverAskRefresh } from './message.js';
import { askerMenuChoice, deleteButtonPress } from './overflow.js';
import { revealButton } from './reveal.js';
import { editSkillsButton, heldSkillButton, skillsEditSubmit } from './skills-edit.js';
import { undoButtonPress } from './undo.js';

export function register(app: App, deps: Deps): void {
  deps.outbox.on('ask_refresh', withAskerDm(deps, deliverAskRefresh(deps)), {
    latest: (item) => askRefreshPrefix((item.payload as { askId: string }).askId),
  });
  deps.outbox.on('message_delete', deliverMessageDelete);
  registerDmDeliveries(deps);
  app.command(COMMANDS.ask, askCommand(deps));
  app.view(VIEWS.askModal, askModalSubmit(deps));
  app.action<BlockButtonAction>(ACTIONS.volunteer, volunteerButton(deps));
  app.action<BlockButtonAction>(ACTIONS.withdraw, withdrawButton(deps));
  app.action<BlockButtonAction>(ACTIONS.resolve, resolveButton(deps));
  app.action<BlockButtonAction>(ACTIONS.revealToVolunteer, revealButton(deps));
  app.action<BlockButtonAction>(ACTIONS.goWith, goWithButton(deps));
  app.action<BlockButtonAction>(ACTIONS.handBack, handBackButton(deps));
  app.action<BlockButtonAction>(ACTIONS.stillOnIt, stillOnItButton(deps));
  app.action<BlockButtonAction>(ACTIONS.followUpResolve, followUpResolveButton(deps));
  app.action<BlockButtonAction>(ACTIONS.stillLooking, stillLookingButton(deps));
  app.view(VIEWS.creditModal, creditModalSubmit(deps));
  app.action<BlockOverflowAction>(ACTIONS.askerMenu, askerMenuChoice(deps));
  app.view(VIEWS.askEditModal, askEditSubmit(deps));
  app.action<BlockButtonAction>(ACTIONS.undoAsk, undoButtonPress(deps));
  app.action<BlockButtonAction>(ACTIONS.deleteAsk, deleteButtonPress(deps));
  app.action<BlockButtonAction>(ACTIONS.editAskSkills, editSkillsButton(deps));
  app.view(VIEWS.askSkillsModal, skillsEditSubmit(deps));
  app.action<BlockButtonAction>(ACTIONS.addHeldSkill, heldSkillButton(deps, true));
  app.action<BlockButtonAction>(ACTIONS.dropHeldSkill, heldSkillButton(deps, false));
  app.event(EVENTS.reactionAdded, reaction(deps));
  app.event(EVENTS.reactionRemoved, reaction(deps));
  app.event(EVENTS.message, threadMessage(deps));
  app.event(EVENTS.message, channelMadePrivate(deps));
  app.event(EVENTS.channelArchive, channelArchived(deps));
  app.event(EVENTS.groupArchive, channelArchived(deps));
}
