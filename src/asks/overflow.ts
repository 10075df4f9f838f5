import type { AllMiddlewareArgs, BlockOverflowAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Deps } from '../deps.js';
import type { ButtonArgs } from '../slack/args.js';
import { EPHEMERAL } from '../slack/blocks.js';
import { escapedChunks } from '../slack/mrkdwn.js';
import { reply } from '../slack/reply.js';
import { workspaceOf } from '../slack/workspace.js';
import { openCreditForm } from './credit-form.js';
import { deleteAsk } from './deletion.js';
import { openEditForm } from './edit.js';
import { deleteCheck, notYourMenu, parseMenuValue } from './overflow-blocks.js';
import { type Ask, findAsk } from './queries.js';
import { resolveAsk } from './resolving.js';

export type OverflowArgs = SlackActionMiddlewareArgs<BlockOverflowAction> & AllMiddlewareArgs;

/** What the asker wrote, given back when the ask goes away, so nothing is lost. */
export function deletedReply(ask: Ask, lead: string): { text: string; blocks: unknown[] } {
  const text = `${lead} Here is what you wrote, so nothing is lost:`;
  const quoted = escapedChunks([ask.text, ask.details].filter(Boolean).join('\n\n')).slice(0, 40);
  return {
    text,
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text } },
      ...quoted.map((c) => ({ type: 'section', text: { type: 'mrkdwn', text: `\`\`\`${c}\`\`\`` } })),
    ],
  };
}

/** The ⋮ menu on a broadcast ask: every choice is the asker's alone, checked here. */
export const askerMenuChoice =
  (deps: Deps) =>
  async (args: OverflowArgs): Promise<void> => {
    await args.ack();
    const say = async (message: { text: string; blocks?: unknown[] }) => {
      await args.respond({ ...EPHEMERAL, ...message } as Parameters<typeof args.respond>[0]);
    };
    const picked = parseMenuValue(args.action.selected_option?.value);
    const ask = picked && (await findAsk(deps.db, workspaceOf(args), picked.askId));
    if (!picked || !ask || ask.status === 'deleted') return say({ text: "I can't find that ask any more." });
    const userId = args.body.user.id;
    if (userId !== ask.askerId) return say({ text: notYourMenu(ask) });
    if (ask.status !== 'open' && picked.choice !== 'delete') {
      return say({ text: 'This ask is closed already. You can still *Delete* it from the same menu.' });
    }
    switch (picked.choice) {
      case 'resolve':
        return openCreditForm(deps, args.client, ask, args.body.trigger_id, args.body.response_url);
      case 'edit':
        return openEditForm(deps, args.client, ask, args.body.trigger_id);
      case 'close': {
        // As when the asker skips the credit form: closed, nobody credited.
        const closed = await resolveAsk(deps, args.client, ask, userId);
        return say({ text: closed ? 'Closed. Your ask no longer takes volunteers.' : 'This ask is closed already.' });
      }
      case 'delete':
        return say(deleteCheck(ask));
    }
  };

/** *Delete it*, under the check: the asker's alone; pressed twice, the ask is deleted once. */
export const deleteButtonPress = (deps: Deps) => async (args: ButtonArgs) => {
  await args.ack();
  const ask = await findAsk(deps.db, workspaceOf(args), args.action.value ?? '');
  if (!ask) return reply(args, { text: "I can't find that ask any more." });
  if (ask.askerId !== args.body.user.id) return reply(args, { text: notYourMenu(ask) });
  const deleted = ask.status !== 'deleted' && (await deleteAsk(deps, args.client, ask));
  const done = deleted
    ? deletedReply(ask, 'Deleted: your ask is gone from the channel.')
    : { text: 'Deleted already.' };
  await reply(args, done as { text: string }, true);
};
