import { context, type KnownBlock, section } from '../slack/blocks.js';
import { ACTIONS } from '../slack/ids.js';
import { escapedPreview, escapeMrkdwn } from '../slack/mrkdwn.js';
import { names } from './blocks.js';

// Replies that tell people what just happened and what they can do next.

/** The draft question an empty `/skills who` offers to ask everyone (an option value holds 150). */
export const askEveryoneDraft = (query: string) => `Who knows ${[...query.trim()].slice(0, 120).join('')}?`;

/** An empty `/skills who` is no dead end: *Ask everyone* opens the ask form with a draft question. */
export function whoNobody(query: string): { text: string; blocks: KnownBlock[] } {
  const text = `Nobody has declared anything like “${escapedPreview(query, 80)}” yet.`;
  return {
    text,
    blocks: [
      {
        type: 'section',
        text: { type: 'mrkdwn', text: `${text} Ask everyone: people who know it but never said so can answer.` },
        accessory: {
          type: 'button',
          action_id: ACTIONS.askEveryone,
          text: { type: 'plain_text', text: 'Ask everyone' },
          value: askEveryoneDraft(query),
        },
      },
    ],
  };
}

type Saved = { typed: string; name: string }[];

/** What saving the skills form saved, naming typed names that became catalogue skills. */
export function skillsSavedMessage(skill: Saved, interest: Saved): { text: string; blocks: KnownBlock[] } {
  const list = (saved: Saved) =>
    saved.length
      ? names(
          saved.map((s) => s.name),
          1200,
        )
      : '_none_';
  // Typed names are escaped and cut to 60 (at most 300 once escaped): six fit one section.
  const renamed = [...skill, ...interest]
    .filter((s) => s.typed.toLowerCase() !== s.name.toLowerCase())
    .map((s) => `${escapedPreview(s.typed, 60)} → *${escapeMrkdwn(s.name)}*`);
  const more = renamed.length > 6 ? ` and ${renamed.length - 6} more` : '';
  return {
    text: 'Saved your skills and interests.',
    blocks: [
      section(`:white_check_mark: Saved. *Your skills:* ${list(skill)}\n*Interests:* ${list(interest)}`),
      ...(renamed.length ? [section(`Matched to the catalogue: ${renamed.slice(0, 6).join(', ')}${more}`)] : []),
      context('Asks that need them will find you. `/skills` changes them.'),
    ],
  };
}
