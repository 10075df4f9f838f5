import { type KnownBlock, section } from '../slack/blocks.js';
import { ACTIONS } from '../slack/ids.js';

/** How long after posting *Undo* still deletes the ask. */
export const UNDO_WINDOW_MS = 60_000;

/**
 * `/ask text` posts at once, with *Undo* for a minute, rather than a preview to confirm: most asks
 * are right the first time, so the common case costs no extra step, and a slip is one press away.
 */
export function undoButton(askId: string): KnownBlock {
  return {
    type: 'actions',
    block_id: 'ask_undo',
    elements: [
      {
        type: 'button',
        action_id: ACTIONS.undoAsk,
        text: { type: 'plain_text', text: 'Undo (for a minute)' },
        value: askId,
      },
    ],
  };
}

/** The confirmation with *Undo* under it, whether it came as text alone or with blocks. */
export function withUndo<M extends { text: string; blocks?: unknown[] }>(message: M, askId: string) {
  const blocks = (message.blocks as KnownBlock[] | undefined) ?? [section(message.text)];
  return { ...message, blocks: [...blocks, undoButton(askId)] };
}

export const tooLateToUndo =
  "It's been more than a minute, so *Undo* has run out and your ask stays up. " +
  'To take it down, choose *Delete your ask* from the ⋮ menu on it.';
