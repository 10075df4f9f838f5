import type { KnownBlock } from '../slack/blocks.js';
import { UserError } from '../slack/errors.js';
import { ACTIONS } from '../slack/ids.js';
import { escapedPreview } from '../slack/mrkdwn.js';
import { personRef } from './former.js';

/**
 * An anonymous ask names its asker to nobody but the asker: every message, Home tab and digest
 * anyone else can see goes through here. (The row keeps asker_id, so the asker can still be told,
 * resolve and credit; admins who can read the database can see it.)
 */
export function askerLabel(ask: { askerId: string; anonymous?: boolean }, capital = true): string {
  if (ask.anonymous) return capital ? 'Someone' : 'someone';
  return personRef(ask.askerId, capital);
}

/** "Someone's ask", "<@U1>'s ask". */
export const askersAsk = (ask: { askerId: string; anonymous?: boolean }) =>
  ask.anonymous ? 'this ask' : `${askerLabel(ask, false)}'s ask`;

const PREFIX = /^anonymously\b[\s:,-]*/i;

/** `/ask anonymously we need…`: the rest of the text, and whether it was asked anonymously. */
export function readAnonymously(text: string): { text: string; anonymous: boolean } {
  const match = PREFIX.exec(text);
  return match ? { text: text.slice(match[0].length).trim(), anonymous: true } : { text, anonymous: false };
}

export class AnonymousAsksOff extends UserError {
  constructor() {
    super(
      'anonymous_asks_off',
      'Anonymous asks are turned off in this workspace, so nothing was posted. ' +
        'Ask again without `anonymously` to ask under your name, or ask a workspace admin about it.',
    );
  }
}

export const ANONYMOUS_FORM_ERROR =
  'Anonymous asks have just been turned off in this workspace: untick this to ask under your name.';

/** What the button carries: the ask and the volunteer it opens a group DM with. */
export const revealValue = (askId: string, volunteerId: string) => `${askId}:${volunteerId}`;
export function readRevealValue(value: string): { askId: string; volunteerId: string } | undefined {
  const [askId, volunteerId, ...rest] = value.split(':');
  return askId && volunteerId && rest.length === 0 && /^[UW][A-Z0-9]+$/.test(volunteerId)
    ? { askId, volunteerId }
    : undefined;
}

/**
 * Added under the anonymous asker's DM about a volunteer: a way to talk to them that shows who
 * asked, behind a confirmation. `name`: the volunteer's display name (buttons show no mentions).
 */
export function revealBlocks(ask: { id: string; text: string }, volunteerId: string, name: string): KnownBlock[] {
  const shown = [...name].slice(0, 60).join('');
  const asked = [...ask.text].slice(0, 80).join('');
  return [
    {
      type: 'context',
      elements: [
        {
          type: 'mrkdwn',
          text: "You asked anonymously, so they don't know it was you. Replying in the ask's thread would show them.",
        },
      ],
    },
    {
      type: 'actions',
      elements: [
        {
          type: 'button',
          action_id: ACTIONS.revealToVolunteer,
          text: { type: 'plain_text', text: `Reply to @${shown}` },
          value: revealValue(ask.id, volunteerId),
          confirm: {
            title: { type: 'plain_text', text: 'Show them it was you?' },
            text: {
              type: 'plain_text',
              text:
                `This opens a group DM with @${shown} and me, so they will see that you asked “${asked}”. ` +
                'Nobody else is told.',
            },
            confirm: { type: 'plain_text', text: 'Open the group DM' },
            deny: { type: 'plain_text', text: 'Cancel' },
          },
        },
      ],
    },
  ];
}

/** The first message of the group DM an anonymous asker opened with a volunteer. */
export function revealMessage(ask: { askerId: string; text: string; permalink: string | null }, volunteerId: string) {
  const link = ask.permalink ? ` (<${ask.permalink}|the ask>)` : '';
  return (
    `:wave: <@${volunteerId}>, <@${ask.askerId}> asked “${escapedPreview(ask.text, 200)}”${link} ` +
    'anonymously, and would like to talk it through with you here. Only the two of you (and I) can see this.'
  );
}
