// The asker's ⋮ menu on a broadcast ask. Slack shows it to everyone in the channel and checks
// nothing, so the bot answers anyone else kindly and changes nothing.
import { type KnownBlock, section } from '../slack/blocks.js';
import { ACTIONS } from '../slack/ids.js';
import { escapedPreview } from '../slack/mrkdwn.js';
import type { Ask } from './queries.js';

export type MenuChoice = 'resolve' | 'edit' | 'close' | 'delete';

const CHOICES: { choice: MenuChoice; text: string }[] = [
  { choice: 'resolve', text: 'Mark resolved (say who helped)' },
  { choice: 'edit', text: 'Edit your ask' },
  { choice: 'close', text: 'Close without crediting' },
  { choice: 'delete', text: 'Delete your ask' },
];

export const menuValue = (choice: MenuChoice, askId: string) => `${choice}:${askId}`;

export function parseMenuValue(value: string | undefined): { choice: MenuChoice; askId: string } | undefined {
  const [choice = '', askId = ''] = (value ?? '').split(':');
  return CHOICES.some((c) => c.choice === choice) ? { choice: choice as MenuChoice, askId } : undefined;
}

/** Only an open ask has a menu: a closed one can still be removed by deleting it in Slack. */
export function askerMenu(ask: Pick<Ask, 'id' | 'text'>) {
  return {
    type: 'overflow' as const,
    action_id: ACTIONS.askerMenu,
    options: CHOICES.map((c) => ({
      text: { type: 'plain_text' as const, text: c.text },
      value: menuValue(c.choice, ask.id),
    })),
  };
}

/** What anyone but the asker hears after opening the menu. */
export function notYourMenu(ask: Pick<Ask, 'anonymous' | 'askerId'>): string {
  const who = ask.anonymous ? 'the person who asked' : `<@${ask.askerId}>`;
  return (
    `That menu is for ${who} only, so nothing was changed. ` +
    'To help, press *I can help*, or reply in the thread if you know someone who could.'
  );
}

/** *Delete your ask*, asked once more: a pick in a menu is easy to slip on, and deleting cannot be undone. */
export function deleteCheck(ask: Pick<Ask, 'id' | 'text'>): { text: string; blocks: KnownBlock[] } {
  const text =
    `Delete your ask “${escapedPreview(ask.text, 120)}”? It goes from the channel for everyone, ` +
    "with its volunteers and thread replies. I'll give you back what you wrote.";
  const button = {
    type: 'button' as const,
    action_id: ACTIONS.deleteAsk,
    text: { type: 'plain_text' as const, text: 'Delete it' },
    style: 'danger' as const,
    value: ask.id,
  };
  return { text, blocks: [section(text), { type: 'actions', elements: [button] }] };
}
