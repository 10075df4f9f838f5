// Pure Block Kit builders for the follow-ups: the asker's check-in, the expiry DM, the channel nudge.
import { type KnownBlock, section } from '../slack/blocks.js';
import { ACTIONS } from '../slack/ids.js';
import { escapedPreview } from '../slack/mrkdwn.js';
import { askLink } from './blocks.js';
import type { Ask } from './queries.js';

/** Volunteers named in the check-in; the rest are "N others" (the asker's Home tab lists them all). */
export const CHECK_IN_NAMED = 3;

const quoted = (ask: Pick<Ask, 'text'>) => `“${escapedPreview(ask.text, 120)}”`;

/** "<@A>", "<@A> or <@B>", "<@A>, <@B> or <@C>", "<@A>, <@B>, <@C> or 2 others". */
export function eitherOf(userIds: string[], named = CHECK_IN_NAMED): string {
  const shown = userIds.slice(0, named).map((id) => `<@${id}>`);
  const rest = userIds.length - shown.length;
  if (rest > 0) shown.push(rest === 1 ? '1 other' : `${rest} others`);
  return shown.length <= 1 ? (shown[0] ?? '') : `${shown.slice(0, -1).join(', ')} or ${shown.at(-1)}`;
}

const markResolved = (ask: Pick<Ask, 'id'>) => ({
  type: 'button' as const,
  action_id: ACTIONS.followUpResolve,
  text: { type: 'plain_text' as const, text: 'Mark resolved' },
  style: 'primary' as const,
  value: ask.id,
});

/** CHECK_IN_DAYS after someone first offered: one question to the asker, with the two ways on. */
export function checkInDm(ask: Ask, volunteers: string[]): { text: string; blocks: KnownBlock[] } {
  const text =
    `:wave: Did ${eitherOf(volunteers)} help with your ask ${quoted(ask)} (${askLink(ask, 'view it')})? ` +
    'If so, mark it resolved and say who helped, so they get the credit.';
  const stillLooking = {
    type: 'button' as const,
    action_id: ACTIONS.stillLooking,
    text: { type: 'plain_text' as const, text: 'Still looking' },
    value: ask.id,
  };
  return { text, blocks: [section(text), { type: 'actions', elements: [markResolved(ask), stillLooking] }] };
}

/** The answer to Still looking: nothing changes. */
export const stillLookingReply =
  "Fine, I'll leave your ask open. Volunteers can still offer, and you can mark it resolved any time.";

/**
 * The asker's DM when their ask expires: an ask people offered to help with may well have been
 * helped, so it asks and offers Mark resolved; one nobody offered for suggests asking again.
 */
export function expiredDm(ask: Ask, days: number, volunteers: number): { text: string; blocks?: KnownBlock[] } {
  const open = `Your ask ${quoted(ask)} was open for ${days} days, so I've closed it (${askLink(ask, 'view it')}).`;
  if (volunteers === 0) {
    const text =
      `${open} Nobody offered to help this time. Ask again any time with \`/ask\`: ` +
      'more detail, or the skills it needs, helps the right people find it.';
    return { text };
  }
  const offered =
    volunteers === 1 ? '1 person offered to help: did they?' : `${volunteers} people offered to help: did anyone?`;
  const text = `${open} ${offered} If so, mark it resolved and say who helped, so they get the credit.`;
  return { text, blocks: [section(text), { type: 'actions', elements: [markResolved(ask)] }] };
}

/**
 * The unanswered nudge, a thread reply shown in the channel too: it quotes the ask (the channel
 * sees it away from the thread) and names nobody, so the asker, who has their own DM, isn't pinged.
 */
export function channelNudge(ask: Ask): string {
  return (
    `:wave: Still looking for help: nobody has volunteered yet for ${quoted(ask)}. ` +
    'Know someone who could help? Mention them in the thread, or press *I can help*.'
  );
}
