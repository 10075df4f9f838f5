// Pure Block Kit builders for taking an ask on: Go with @X, Hand back, Still on it?
import { type KnownBlock, section } from '../slack/blocks.js';
import { ACTIONS } from '../slack/ids.js';
import { escapedPreview } from '../slack/mrkdwn.js';
import { askLink } from './blocks.js';
import { personRef } from './former.js';
import type { Ask } from './queries.js';

/** A volunteer the asker may go with, named for a button (Slack shows no mentions on buttons). */
export interface Pickable {
  userId: string;
  name: string;
}

/** Go with buttons shown at once: the rest are a click away on the asker's Home tab. */
export const GO_WITH_SHOWN = 3;

/**
 * How people other than the asker see the asker named: an anonymous ask never shows them, and a
 * forgotten asker is "a former colleague".
 */
export const askerRef = (ask: Pick<Ask, 'askerId' | 'anonymous'>, capital = false): string =>
  ask.anonymous ? `${capital ? 'T' : 't'}he asker` : personRef(ask.askerId, capital);

const quoted = (ask: Pick<Ask, 'text'>) => `“${escapedPreview(ask.text, 120)}”`;

/** The value of a Go with button: which ask, and whom. */
export const goWithValue = (askId: string, userId: string) => `${askId}:${userId}`;

export function parseGoWith(value: string): { askId: string; userId: string } {
  const [askId = '', userId = ''] = value.split(':');
  return { askId, userId };
}

export function goWithButton(askId: string, p: Pickable, primary = false) {
  // Button text is at most 75 characters; a long display name is cut, never the words around it.
  const name = [...p.name].length > 55 ? `${[...p.name].slice(0, 54).join('')}…` : p.name;
  return {
    type: 'button' as const,
    action_id: ACTIONS.goWith,
    text: { type: 'plain_text' as const, text: `Go with @${name}` },
    value: goWithValue(askId, p.userId),
    ...(primary ? { style: 'primary' as const } : {}),
  };
}

const handBackButton = (ask: Pick<Ask, 'id'>) => ({
  type: 'button' as const,
  action_id: ACTIONS.handBack,
  text: { type: 'plain_text' as const, text: 'Hand back' },
  value: ask.id,
});

/** The line on the ask message and the asker's Home while someone has it. */
export const onItLine = (claimedBy: string) => `:handshake: <@${claimedBy}> is on it.`;

/** To the person the asker went with. */
export function claimedDm(ask: Ask): { text: string; blocks: KnownBlock[] } {
  const text =
    `:handshake: ${askerRef(ask, true)} is going with you on ${quoted(ask)}. ` +
    `${askLink(ask, 'The ask')} now shows you're on it, and the other volunteers have been thanked. ` +
    "If you can't take it on after all, press *Hand back* and it opens again.";
  return { text, blocks: [section(text), { type: 'actions', elements: [handBackButton(ask)] }] };
}

/** To each other volunteer, once per ask: kindly let go. */
export function releasedDm(ask: Ask, claimedBy: string): string {
  return (
    `:pray: Thank you for offering to help with ${quoted(ask)}. ${askerRef(ask, true)} is going with ` +
    `<@${claimedBy}> for now, so nothing more is needed from you. It means a lot that you offered.`
  );
}

/** To the person on it when the asker picked someone else. */
export function replacedDm(ask: Ask, claimedBy: string): string {
  return (
    `${askerRef(ask, true)} is now going with <@${claimedBy}> on ${quoted(ask)}, so you're off the hook. ` +
    'Thank you for taking it on!'
  );
}

/** To the asker when their helper handed the ask back: who else offered, and who was told. */
export function handedBackDm(ask: Ask, helperId: string, told: number, others: Pickable[]) {
  const matched = told ? ` I've told ${told === 1 ? '1 more person' : `${told} more people`} whose skills match.` : '';
  const pick = others.length ? ' You can go with another volunteer:' : '';
  const text = `<@${helperId}> handed back your ask ${quoted(ask)}, so it's open again.${matched}${pick}`;
  const buttons = others.slice(0, GO_WITH_SHOWN).map((p) => goWithButton(ask.id, p));
  return {
    text,
    blocks: [section(text), ...(buttons.length ? [{ type: 'actions' as const, elements: buttons }] : [])],
  };
}

/** After CLAIM_NUDGE_DAYS: one question to the person on it. */
export function claimNudgeDm(ask: Ask, days: number): { text: string; blocks: KnownBlock[] } {
  const text =
    `:wave: Still on it? You took on ${quoted(ask)} ${days === 1 ? 'a day' : `${days} days`} ago and it isn't ` +
    `resolved yet (${askLink(ask, 'view it')}). If you're done, ask ${askerRef(ask)} to mark it resolved.`;
  return {
    text,
    blocks: [
      section(text),
      {
        type: 'actions',
        elements: [
          {
            type: 'button',
            action_id: ACTIONS.stillOnIt,
            text: { type: 'plain_text', text: 'Yes, still on it' },
            style: 'primary',
            value: ask.id,
          },
          handBackButton(ask),
        ],
      },
    ],
  };
}

/** What the asker is told after pressing Go with. */
export function wentWith(claimedBy: string, released: number): string {
  const others = released ? ` and thanked ${released === 1 ? 'the other volunteer' : `the ${released} others`}` : '';
  return `You're going with <@${claimedBy}>. I've told them${others}; the ask shows they're on it.`;
}
