import type { Deps } from '../deps.js';
import type { ButtonArgs } from '../slack/args.js';
import { reply } from '../slack/reply.js';
import { workspaceOf } from '../slack/workspace.js';
import { deleteAsk } from './deletion.js';
import { deletedReply } from './overflow.js';
import { findAsk } from './queries.js';
import { tooLateToUndo, UNDO_WINDOW_MS } from './undo-blocks.js';

/** *Undo* on the asker's confirmation: within a minute of posting, deletes the ask as *Delete* does. */
export const undoButtonPress = (deps: Deps) => async (args: ButtonArgs) => {
  await args.ack();
  const ask = await findAsk(deps.db, workspaceOf(args), args.action.value ?? '');
  if (!ask) return reply(args, { text: "I can't find that ask any more." });
  if (ask.status === 'deleted') return reply(args, { text: 'Undone already: that ask is deleted.' }, true);
  // The button is on the asker's own ephemeral message, but anyone could send its payload.
  if (ask.askerId !== args.body.user.id) return reply(args, { text: 'Only the asker can undo this ask.' });
  if (Date.now() - new Date(ask.createdAt).getTime() > UNDO_WINDOW_MS) return reply(args, { text: tooLateToUndo });
  const deleted = await deleteAsk(deps, args.client, ask);
  const message = deletedReply(ask, 'Undone: your ask is deleted and gone from the channel.');
  await reply(args, deleted ? (message as { text: string }) : { text: 'Undone already: that ask is deleted.' }, true);
};
