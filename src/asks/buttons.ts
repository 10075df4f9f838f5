import type { Deps } from '../deps.js';
import type { ButtonArgs } from '../slack/args.js';
import { AskNotFound } from '../slack/errors.js';
import { reply } from '../slack/reply.js';
import { workspaceOf } from '../slack/workspace.js';
import { adminResolved } from './credit-blocks.js';
import { openCreditForm } from './credit-form.js';
import { refreshAskMessage } from './message.js';
import { type Ask, findAsk } from './queries.js';
import { resolveAsk } from './resolving.js';
import { volunteeredReply } from './volunteer-dm-blocks.js';
import { type VolunteerOutcome, volunteer, withdraw } from './volunteering.js';

async function askFor(deps: Deps, args: ButtonArgs): Promise<Ask> {
  const ask = await findAsk(deps.db, workspaceOf(args), args.action.value ?? '');
  if (!ask || ask.status === 'deleted') throw new AskNotFound();
  return ask;
}

function outcomeReply(outcome: VolunteerOutcome, ask: Ask) {
  switch (outcome) {
    case 'added':
      return volunteeredReply(ask);
    case 'already':
      return volunteeredReply(ask, true);
    case 'own_ask':
      return {
        text: "This is your own ask, so you can't volunteer for it. Press *Mark resolved* when you have what you need.",
      };
    default:
      return { text: 'This ask is closed, so it no longer takes volunteers.' };
  }
}

export const volunteerButton = (deps: Deps) => async (args: ButtonArgs) => {
  await args.ack();
  const ask = await askFor(deps, args);
  const outcome = await volunteer(deps, args.client, ask, args.body.user.id, 'button');
  // Pressed on the Home tab (no response_url), a reply would be a second DM beside their confirmation.
  if (outcome === 'added' && !('response_url' in args.body && args.body.response_url)) return;
  await reply(args, outcomeReply(outcome, ask));
};

export const withdrawButton = (deps: Deps) => async (args: ButtonArgs) => {
  await args.ack();
  const ask = await askFor(deps, args);
  if (ask.status !== 'open') return reply(args, { text: 'This ask is closed, so there is no offer to take back.' });
  const withdrawn = await withdraw(deps, args.client, ask, args.body.user.id);
  // Never replacing the message pressed: that is their confirmation DM, which now says they withdrew.
  await reply(args, {
    text: withdrawn ? "You've withdrawn your offer to help." : "You weren't down as a volunteer for this ask.",
  });
};

/**
 * The asker gets the form (who helped, a note) and resolves by sending it, an expired ask too (it
 * may have been solved after all); an admin resolves an open ask at once and credits nobody. A
 * closed ask's message is brought up to date instead.
 */
export const resolveButton = (deps: Deps) => async (args: ButtonArgs) => {
  await args.ack();
  const ask = await askFor(deps, args);
  const userId = args.body.user.id;
  if (userId === ask.askerId && (ask.status === 'open' || ask.status === 'expired')) {
    const responseUrl = 'response_url' in args.body ? args.body.response_url : undefined;
    await openCreditForm(deps, args.client, ask, args.body.trigger_id, responseUrl);
    return;
  }
  if (ask.status === 'expired') {
    // Whether it was solved is the asker's to say: anyone else's press (an older message's) changes nothing.
    await refreshAskMessage(deps, args.client, ask);
    return reply(args, { text: 'This ask has expired. Only the person who asked can still mark it resolved.' });
  }
  const resolved = await resolveAsk(deps, args.client, ask, userId);
  await reply(args, { text: resolved ? adminResolved : 'This ask is already resolved.' });
};
