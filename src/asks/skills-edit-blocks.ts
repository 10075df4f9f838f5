import { option } from '../skills/blocks.js';
import type { CatalogueSkill } from '../skills/catalogue.js';
import type { View } from '../slack/blocks.js';
import { ACTIONS, ASK_MODAL_FIELDS, VIEWS } from '../slack/ids.js';

/** What the skills form carries through Slack: the ask, and where to answer the asker (their confirmation). */
export interface SkillsEditMetadata {
  askId: string;
  responseUrl?: string;
}

/** *Edit skills*: the ask's catalogue skills, pre-filled; on save the ask is re-matched. */
export function skillsEditModal(current: CatalogueSkill[], metadata: SkillsEditMetadata): View {
  return {
    type: 'modal',
    callback_id: VIEWS.askSkillsModal,
    private_metadata: JSON.stringify(metadata),
    title: { type: 'plain_text', text: 'Skills for your ask' },
    submit: { type: 'plain_text', text: 'Save' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      {
        type: 'input',
        block_id: ASK_MODAL_FIELDS.skills,
        optional: true,
        label: { type: 'plain_text', text: 'Skills wanted' },
        hint: {
          type: 'plain_text',
          text: 'Shown on your ask. People who have a skill you add and have not heard of the ask yet are told.',
        },
        element: {
          type: 'multi_external_select',
          action_id: ACTIONS.pickAskSkills,
          min_query_length: 1,
          max_selected_items: 10,
          placeholder: { type: 'plain_text', text: 'Start typing a skill' },
          ...(current.length ? { initial_options: current.slice(0, 10).map((s) => option(s.slug, s.name)) } : {}),
        },
      },
    ],
  };
}
