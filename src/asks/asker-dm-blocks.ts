// Pure Block Kit builders for the asker's one living DM about an ask, and the short replies under it.
import { type KnownBlock, plural, section, someMentions } from '../slack/blocks.js';
import { ACTIONS } from '../slack/ids.js';
import { labelFor } from '../slack/labels.js';
import { escapedPreview } from '../slack/mrkdwn.js';
import { askLink } from './blocks.js';
import { VOLUNTEERS_SHOWN } from './limits.js';
import { GO_WITH_SHOWN, goWithButton, onItLine, type Pickable } from './loop-blocks.js';
import type { Ask } from './queries.js';

const quoted = (ask: Pick<Ask, 'text'>) => `“${escapedPreview(ask.text, 150)}”`;

function state(ask: Ask, volunteers: Pickable[]): string {
  const ids = volunteers.map((v) => v.userId);
  const who = ids.length ? `*${plural(ids.length, 'volunteer')}:* ${someMentions(ids, VOLUNTEERS_SHOWN)}` : '';
  switch (ask.status) {
    case 'resolved':
      return `:white_check_mark: *Resolved.*${who ? ` ${who}` : ''}`;
    case 'expired':
      return `:hourglass: *Closed* after it was open a long time.${who ? ` ${who}` : ''}`;
    case 'deleted':
      return 'This ask was deleted.';
    default:
      if (!who) return "No volunteers yet. I'll add them here as they offer, with a short reply in this thread.";
      return ask.claimedBy ? `${who}\n${onItLine(ask.claimedBy)}` : who;
  }
}

/**
 * The asker's living DM: what they asked, who offered, and (while open) the buttons to go with a
 * volunteer or mark it resolved. Rendered afresh from the database on every change.
 */
export function askerDmMessage(ask: Ask, volunteers: Pickable[]): { text: string; blocks: KnownBlock[] } {
  const anonymously = ask.anonymous ? ' (anonymously: nobody else is shown it is yours)' : '';
  const head =
    ask.status === 'deleted'
      ? ':mega: *Your ask*'
      : `:mega: *Your ask* ${askLink(ask, quoted(ask))} is out in <#${ask.channelId}>${anonymously}.`;
  const blocks: KnownBlock[] = [section(head), section(state(ask, volunteers))];
  if (ask.status === 'open') {
    const picks = volunteers.filter((v) => v.userId !== ask.claimedBy).slice(0, GO_WITH_SHOWN);
    blocks.push({
      type: 'actions',
      block_id: 'asker_dm_actions',
      elements: [
        ...picks.map((p, i) => goWithButton(ask.id, p, i === 0 && !ask.claimedBy)),
        {
          type: 'button',
          action_id: ACTIONS.resolve,
          text: { type: 'plain_text', text: 'Mark resolved' },
          accessibility_label: labelFor('Mark resolved', ask.text),
          value: ask.id,
        },
      ],
    });
  }
  const count = volunteers.length ? ` · ${plural(volunteers.length, 'volunteer')}` : '';
  return { text: `Your ask ${quoted(ask)}${count}`, blocks };
}

/** The short reply under the living DM when someone offers: it notifies, the DM above says the rest. */
export function volunteerReplyText(volunteerId: string): string {
  return `:raising_hand: <@${volunteerId}> can help with your ask. Go with them, or reply to them directly.`;
}
