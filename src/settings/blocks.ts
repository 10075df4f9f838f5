import { context, type KnownBlock, type View } from '../slack/blocks.js';
import { ACTIONS, SETTINGS_MODAL_FIELDS as F, VIEWS } from '../slack/ids.js';
import type { Settings } from './lookup.js';

const where = (s: Settings) => (s.askChannel ? `<#${s.askChannel}>` : '_the channel where `/ask` is used_');

/** The admins' part of the Home tab. Both values were validated when saved, so they need no escaping. */
export function settingsSection(s: Settings): KnownBlock[] {
  const changed = s.updatedBy
    ? `Last changed by <@${s.updatedBy}>.`
    : 'These are the defaults the bot was set up with.';
  return [
    { type: 'header', text: { type: 'plain_text', text: 'Workspace settings' } },
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text:
          `*Asks are posted in:* ${where(s)}\n` +
          `*Volunteer reaction:* :${s.volunteerReaction}: \`${s.volunteerReaction}\`\n` +
          `*Guests may ask:* ${s.guestsMayAsk ? 'yes' : 'no'}\n` +
          `*Anonymous asks:* ${s.anonymousAsks ? 'allowed' : 'off'}`,
      },
      accessory: {
        type: 'button',
        action_id: ACTIONS.homeEditSettings,
        text: { type: 'plain_text', text: 'Change' },
        value: ACTIONS.homeEditSettings,
      },
    },
    context(
      `${changed} Only workspace admins see this. A new reaction counts from the moment it is saved: ` +
        'reacting with the old one no longer volunteers, and removing it no longer withdraws.',
    ),
  ];
}

const GUESTS_MAY_ASK = { text: { type: 'plain_text' as const, text: 'Guests may use /ask' }, value: 'yes' };
const ANONYMOUS_ASKS = { text: { type: 'plain_text' as const, text: 'People may ask anonymously' }, value: 'yes' };

const ACROSS_ORG = { text: { type: 'plain_text' as const, text: "Match across the org's workspaces" }, value: 'yes' };

/** Org-wide installs only (Enterprise Grid): whether asks may reach people in the org's other workspaces. */
function orgMatchingInput(on: boolean): KnownBlock {
  return {
    type: 'input',
    block_id: F.crossWorkspaceMatching,
    optional: true,
    label: { type: 'plain_text', text: 'Across the organisation' },
    hint: {
      type: 'plain_text',
      text:
        "Ticked, an ask in any of the org's workspaces may reach people in the others, by DM in their own. " +
        'Asks in private channels never leave their workspace, and guests are never told. Org admins only.',
    },
    element: {
      type: 'checkboxes',
      action_id: F.crossWorkspaceMatching,
      options: [ACROSS_ORG],
      ...(on ? { initial_options: [ACROSS_ORG] } : {}),
    },
  };
}

/** `org`: the org's setting, given only for an org-wide install, whose admins may change it. */
export function settingsModal(s: Settings, org?: { crossWorkspaceMatching: boolean }): View {
  return {
    type: 'modal',
    callback_id: VIEWS.settingsModal,
    title: { type: 'plain_text', text: 'Workspace settings' },
    submit: { type: 'plain_text', text: 'Save' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      {
        type: 'input',
        block_id: F.askChannel,
        optional: true,
        label: { type: 'plain_text', text: 'Post asks in' },
        hint: {
          type: 'plain_text',
          text: 'Clear it to post each ask in the channel where /ask is used. I join public channels by myself.',
        },
        element: {
          type: 'conversations_select',
          action_id: F.askChannel,
          ...(s.askChannel ? { initial_conversation: s.askChannel } : {}),
          filter: { include: ['public'], exclude_bot_users: true, exclude_external_shared_channels: true },
        },
      },
      {
        type: 'input',
        block_id: F.volunteerReaction,
        label: { type: 'plain_text', text: 'Volunteer reaction' },
        hint: { type: 'plain_text', text: 'An emoji name such as raising_hand. It applies to reactions from now on.' },
        element: {
          type: 'plain_text_input',
          action_id: F.volunteerReaction,
          initial_value: s.volunteerReaction,
          max_length: 100,
        },
      },
      {
        type: 'input',
        block_id: F.guestsMayAsk,
        // Optional, or Slack would refuse the form with the box unticked.
        optional: true,
        label: { type: 'plain_text', text: 'Guests' },
        hint: {
          type: 'plain_text',
          text: "Guests never see members' asks or skills; ticked, they may still ask for help.",
        },
        element: {
          type: 'checkboxes',
          action_id: F.guestsMayAsk,
          options: [GUESTS_MAY_ASK],
          ...(s.guestsMayAsk ? { initial_options: [GUESTS_MAY_ASK] } : {}),
        },
      },
      {
        type: 'input',
        block_id: F.anonymousAsks,
        optional: true,
        label: { type: 'plain_text', text: 'Anonymous asks' },
        hint: {
          type: 'plain_text',
          text:
            'Ticked, /ask anonymously and the form\'s box post "Someone asks". ' +
            'Admins with access to the database can still see who asked.',
        },
        element: {
          type: 'checkboxes',
          action_id: F.anonymousAsks,
          options: [ANONYMOUS_ASKS],
          ...(s.anonymousAsks ? { initial_options: [ANONYMOUS_ASKS] } : {}),
        },
      },
      ...(org ? [orgMatchingInput(org.crossWorkspaceMatching)] : []),
    ],
  };
}
