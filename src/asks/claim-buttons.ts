import type { Deps } from '../deps.js';
import type { ButtonArgs } from '../slack/args.js';
import { AskNotFound } from '../slack/errors.js';
import { reply } from '../slack/reply.js';
import { workspaceOf } from '../slack/workspace.js';
import { type GoWithOutcome, goWith, handBack, stillOnIt } from './claiming.js';
import { parseGoWith, wentWith } from './loop-blocks.js';
import { type Ask, findAsk } from './queries.js';

async function askById(deps: Deps, args: ButtonArgs, askId: string): Promise<Ask> {
  const ask = await findAsk(deps.db, workspaceOf(args), askId);
  if (!ask || ask.status === 'deleted') throw new AskNotFound();
  return ask;
}

const CLOSED = 'This ask is closed, so nobody needs to take it on any more.';

function goWithReply(result: GoWithOutcome, helperId: string): string {
  switch (result.outcome) {
    case 'claimed':
      return wentWith(helperId, result.released);
    case 'already':
      return `You're already going with <@${helperId}> on this ask.`;
    case 'not_volunteer':
      return `<@${helperId}> is no longer down as a volunteer for this ask, so I haven't changed anything.`;
    case 'not_asker':
      return 'Only the asker can choose who takes an ask on.';
    default:
      return CLOSED;
  }
}

export const goWithButton = (deps: Deps) => async (args: ButtonArgs) => {
  await args.ack();
  const { askId, userId } = parseGoWith(args.action.value ?? '');
  const ask = await askById(deps, args, askId);
  const result = await goWith(deps, args.client, ask, args.body.user.id, userId);
  await reply(args, { text: goWithReply(result, userId) });
};

export const handBackButton = (deps: Deps) => async (args: ButtonArgs) => {
  await args.ack();
  const ask = await askById(deps, args, args.action.value ?? '');
  const outcome = await handBack(deps, args.client, ask, args.body.user.id);
  const text =
    outcome === 'handed_back'
      ? "You've handed the ask back; it's open again and the asker knows. Thanks for letting them know."
      : outcome === 'not_on_it'
        ? "You're not down as taking this ask on any more, so there's nothing to hand back."
        : CLOSED;
  await reply(args, { text });
};

export const stillOnItButton = (deps: Deps) => async (args: ButtonArgs) => {
  await args.ack();
  const ask = await askById(deps, args, args.action.value ?? '');
  const outcome = stillOnIt(ask, args.body.user.id);
  const text =
    outcome === 'yes'
      ? "Thanks! I'll leave you to it. The asker marks it resolved when it's done."
      : outcome === 'not_on_it'
        ? "You're not down as taking this ask on any more, so there's nothing to do."
        : CLOSED;
  await reply(args, { text });
};
