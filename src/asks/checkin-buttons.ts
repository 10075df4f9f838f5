import type { Deps } from '../deps.js';
import type { ButtonArgs } from '../slack/args.js';
import { AskNotFound } from '../slack/errors.js';
import { reply } from '../slack/reply.js';
import { workspaceOf } from '../slack/workspace.js';
import { stillLookingReply } from './checkin-blocks.js';
import { openCreditForm } from './credit-form.js';
import { type Ask, findAsk } from './queries.js';

async function askOf(deps: Deps, args: ButtonArgs): Promise<Ask> {
  const ask = await findAsk(deps.db, workspaceOf(args), args.action.value ?? '');
  if (!ask || ask.status === 'deleted') throw new AskNotFound();
  return ask;
}

const NOT_YOURS = 'Only the asker can answer this.';

/**
 * Mark resolved in the check-in or expiry DM: the asker's credit form, for an expired ask too
 * (people may well have helped before it ran out of time). Pressed twice, the form just opens
 * again; sending it resolves the ask once.
 */
export const followUpResolveButton = (deps: Deps) => async (args: ButtonArgs) => {
  await args.ack();
  const ask = await askOf(deps, args);
  if (args.body.user.id !== ask.askerId) return reply(args, { text: NOT_YOURS });
  if (ask.status === 'resolved') return reply(args, { text: 'This ask is already resolved.' });
  const responseUrl = 'response_url' in args.body ? args.body.response_url : undefined;
  await openCreditForm(deps, args.client, ask, args.body.trigger_id, responseUrl);
};

/** Still looking: the ask stays as it is; only the asker is answered. */
export const stillLookingButton = (deps: Deps) => async (args: ButtonArgs) => {
  await args.ack();
  const ask = await askOf(deps, args);
  if (args.body.user.id !== ask.askerId) return reply(args, { text: NOT_YOURS });
  const text = ask.status === 'open' ? stillLookingReply : 'This ask is closed already, so there is nothing to change.';
  await reply(args, { text });
};
