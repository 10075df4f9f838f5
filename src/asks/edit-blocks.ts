import type { KnownBlock, View } from '../slack/blocks.js';
import { context } from '../slack/blocks.js';
import { ASK_MODAL_FIELDS as F, VIEWS } from '../slack/ids.js';
import { askModal } from './blocks.js';
import type { Ask } from './queries.js';

/** A catalogue skill as the form's picker shows it. */
export interface PickedSkill {
  slug: string;
  name: string;
}

const option = (s: PickedSkill) => ({
  text: { type: 'plain_text' as const, text: s.name.slice(0, 75) },
  value: s.slug,
});

/** What each field starts with: the ask as it stands. */
function filled(block: KnownBlock, ask: Ask, skills: PickedSkill[]): KnownBlock {
  if (block.type !== 'input') return block;
  const element = { ...block.element } as Record<string, unknown>;
  if (block.block_id === F.need) element.initial_value = ask.text;
  else if (block.block_id === F.details && ask.details) element.initial_value = ask.details;
  else if (block.block_id === F.deadline && ask.deadline) element.initial_date = ask.deadline;
  else if (block.block_id === F.skills && skills.length) element.initial_options = skills.slice(0, 10).map(option);
  return { ...block, element } as unknown as KnownBlock;
}

/**
 * The ask form again, filled in with the ask: no channel picker and no anonymous box (where and
 * as whom it was posted stay as they are). The ask's id rides in private_metadata.
 */
export function editModal(ask: Ask, skills: PickedSkill[]): View {
  const form = askModal(ask.channelId, undefined);
  const [, ...fields] = form.blocks;
  return {
    type: 'modal',
    close: { type: 'plain_text', text: 'Cancel' },
    callback_id: VIEWS.askEditModal,
    private_metadata: JSON.stringify({ askId: ask.id, channel: ask.channelId }),
    title: { type: 'plain_text', text: 'Edit your ask' },
    submit: { type: 'plain_text', text: 'Save' },
    blocks: [
      context(
        `Saves your changes to the ask in <#${ask.channelId}>: its message, the digest and the Home tab ` +
          'follow. Volunteers stay; nobody is told about it again.',
      ),
      ...fields.map((b) => filled(b as KnownBlock, ask, skills)),
    ],
  };
}

export const editedConfirmation = (ask: Pick<Ask, 'channelId'>) =>
  `:pencil2: Saved. Your ask in <#${ask.channelId}> now shows your changes.`;
