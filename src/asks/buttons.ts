import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Deps } from '../deps';
import { UserError } from '../slack/errors';
import { workspaceOf } from '../slack/workspace';
import { volunteerConfirmation } from './blocks';
import { findAsk, type Ask } from './queries';
import { resolveAsk } from './resolving';
import { volunteer, withdraw, type VolunteerOutcome } from './volunteering';

type ButtonArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

async function askFor(deps: Deps, { action, context }: ButtonArgs): Promise<Ask> {
  const ask = await findAsk(deps.db, workspaceOf(context), action.value ?? '');
  if (!ask || ask.status === 'deleted') throw new UserError('ask_not_found', "I can't find that ask any more; it may have been deleted.");
  return ask;
}

const ephemeral = { response_type: 'ephemeral', replace_original: false } as const;

function outcomeReply(outcome: VolunteerOutcome, ask: Ask) {
  switch (outcome) {
    case 'added':
      return volunteerConfirmation(ask);
    case 'already':
      return volunteerConfirmation(ask, true);
    case 'own_ask':
      return { text: "This is your own ask, so you can't volunteer for it. Press *Mark resolved* when you have what you need." };
    default:
      return { text: 'This ask is closed, so it no longer takes volunteers.' };
  }
}

export const volunteerButton = (deps: Deps) => async (args: ButtonArgs) => {
  await args.ack();
  const ask = await askFor(deps, args);
  const outcome = await volunteer(deps, args.client, ask, args.body.user.id, 'button');
  await args.respond({ ...ephemeral, ...outcomeReply(outcome, ask) });
};

export const withdrawButton = (deps: Deps) => async (args: ButtonArgs) => {
  await args.ack();
  const ask = await askFor(deps, args);
  const withdrawn = await withdraw(deps, args.client, ask, args.body.user.id);
  await args.respond({
    response_type: 'ephemeral',
    replace_original: true,
    text: withdrawn ? "You've withdrawn your offer to help." : "You weren't down as a volunteer for this ask.",
  });
};

export const resolveButton = (deps: Deps) => async (args: ButtonArgs) => {
  await args.ack();
  const ask = await askFor(deps, args);
  if (!(await resolveAsk(deps, args.client, ask, args.body.user.id))) {
    await args.respond({ ...ephemeral, text: 'This ask is already resolved.' });
  }
};
