// Pure Block Kit builders for a volunteer's one confirmation DM about an ask.
import { type KnownBlock, section } from '../slack/blocks.js';
import { ACTIONS } from '../slack/ids.js';
import { labelFor } from '../slack/labels.js';
import { escapedPreview } from '../slack/mrkdwn.js';
import { askLink } from './blocks.js';
import { FORMER_COLLEAGUE } from './former.js';
import { askerRef } from './loop-blocks.js';
import type { Ask } from './queries.js';

const quoted = (ask: Pick<Ask, 'text'>) => `“${escapedPreview(ask.text, 150)}”`;

const button = (action_id: string, text: string, ask: Ask, style?: 'primary') => ({
  type: 'button' as const,
  action_id,
  text: { type: 'plain_text' as const, text },
  accessibility_label: labelFor(text, ask.text),
  value: ask.id,
  ...(style ? { style } : {}),
});

/**
 * What the volunteer keeps: that they offered, who knows, and *Withdraw* for as long as the ask is
 * open; after withdrawing, that they did, with *I can help* to offer again.
 */
export function volunteerDmMessage(ask: Ask, userId: string, offered: boolean): { text: string; blocks: KnownBlock[] } {
  const about = `${askLink(ask, quoted(ask))}`;
  let text: string;
  let actions: ReturnType<typeof button>[] = [];
  if (ask.status === 'deleted') {
    // Its text is gone with it: nothing left to quote or link to.
    text = 'The ask you offered to help with was deleted by its asker.';
  } else if (ask.status !== 'open') {
    text = offered
      ? `:pray: You offered to help with ${about}. It is closed now; thank you for offering.`
      : `You withdrew your offer to help with ${about}. It is closed now.`;
  } else if (!offered) {
    text = `You withdrew your offer to help with ${about}. Changed your mind? You can offer again.`;
    actions = [button(ACTIONS.volunteer, 'I can help', ask, 'primary')];
  } else {
    const told =
      ask.askerId === FORMER_COLLEAGUE
        ? 'Whoever follows it up will see you.'
        : `${askerRef(ask, true)} has been told and can go with you or reply to you.`;
    const onIt = ask.claimedBy === userId ? ' :handshake: You are on it.' : '';
    text = `:raising_hand: You offered to help with ${about}. ${told}${onIt} Can't after all? Press *Withdraw*.`;
    actions = [button(ACTIONS.withdraw, 'Withdraw', ask)];
  }
  const blocks: KnownBlock[] = [
    section(text),
    ...(actions.length ? [{ type: 'actions' as const, elements: actions }] : []),
  ];
  return { text, blocks };
}

/** The ephemeral answer to *I can help*: short, since the DM they keep has the details and *Withdraw*. */
export function volunteeredReply(ask: Ask, already = false): { text: string } {
  const preview = escapedPreview(ask.text, 120);
  if (already) return { text: "You're already down as a volunteer for this ask; the asker knows." };
  const told =
    ask.askerId === FORMER_COLLEAGUE
      ? "You're down as a volunteer"
      : `${askerRef(ask, true)} has been told you can help`;
  return { text: `Thanks! ${told} with “${preview}”. I've sent you a DM to keep, with *Withdraw* if plans change.` };
}
