// Pure Block Kit builders for resolving with credits: the form, the thread's thanks, the DMs.
import type { CatalogueSkill } from '../skills/catalogue.js';
import { type KnownBlock, plural, section, someMentions, type View } from '../slack/blocks.js';
import { ACTIONS, CREDIT_MODAL_FIELDS as F, VIEWS } from '../slack/ids.js';
import { escapedChunks, escapedPreview, escapeMrkdwn } from '../slack/mrkdwn.js';
import { askLink } from './blocks.js';
import { THANKED_MAX } from './limits.js';
import { askerRef } from './loop-blocks.js';
import type { Ask } from './queries.js';

/** Most people one resolve credits (the form's multi-select allows as many). */
export const CREDITED_MAX = 20;
/** The thank-you note, in characters. */
export const NOTE_MAX = 1000;
/** Skills offered in one thank-you DM (two blocks each). */
export const OFFERS_MAX = 5;

export interface CreditFormState {
  askId: string;
  /** Where the asker pressed Mark resolved (a message), to answer there once the form is sent. */
  responseUrl?: string;
}

/** Mark resolved, by the asker: who helped (prefilled with the person on it and the volunteers). */
export function creditModal(ask: Ask, initial: string[], state: CreditFormState): View {
  return {
    type: 'modal',
    callback_id: VIEWS.creditModal,
    private_metadata: JSON.stringify(state),
    title: { type: 'plain_text', text: 'Who helped?' },
    submit: { type: 'plain_text', text: 'Resolve' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      section(
        `Resolving “${escapedPreview(ask.text, 200)}”. The people you pick are thanked by name in its thread, ` +
          'get your note by DM, and count as having helped.',
      ),
      {
        type: 'input',
        block_id: F.helpers,
        optional: true,
        label: { type: 'plain_text', text: 'Who helped' },
        hint: {
          type: 'plain_text',
          text:
            'Add anyone who helped, such as someone who only replied in the thread. ' +
            'Leave it empty to resolve without crediting anyone.',
        },
        element: {
          type: 'multi_users_select',
          action_id: F.helpers,
          max_selected_items: CREDITED_MAX,
          placeholder: { type: 'plain_text', text: 'Pick people' },
          ...(initial.length ? { initial_users: initial.slice(0, CREDITED_MAX) } : {}),
        },
      },
      {
        type: 'input',
        block_id: F.note,
        optional: true,
        label: { type: 'plain_text', text: 'Thank-you note' },
        hint: { type: 'plain_text', text: 'Sent by DM to each person you credit; not posted in the channel.' },
        element: { type: 'plain_text_input', action_id: F.note, multiline: true, max_length: NOTE_MAX },
      },
    ],
  };
}

/** The thread's thanks: the credited by name, and the other volunteers for offering. */
export function creditThanks(ask: Ask, credited: string[], volunteers: string[]): string {
  const by = ask.resolvedBy && ask.resolvedBy !== ask.askerId ? ` by <@${ask.resolvedBy}>` : '';
  const offered = volunteers.filter((v) => !credited.includes(v));
  const head = `:white_check_mark: This ask was marked resolved${by}.`;
  if (credited.length) {
    const also = offered.length ? ` And thanks to ${someMentions(offered, THANKED_MAX)} for offering.` : '';
    return `${head} Thank you ${someMentions(credited, THANKED_MAX)} for helping! :tada:${also}`;
  }
  const nobody = by ? ' Nobody was credited: only the asker can say who helped.' : ' Nobody was credited with helping.';
  const thanks = offered.length ? ` Thank you ${someMentions(offered, THANKED_MAX)} for offering to help!` : '';
  return `${head}${nobody}${thanks}`;
}

/**
 * The note as quoted sections, escaped (it is the asker's text): pieces of 1,400 escaped characters,
 * so even a line break after every character ('>' each) stays within a section's 3,000.
 */
const quoted = (note: string): KnownBlock[] =>
  escapedChunks(note, 1400).map((piece) =>
    section(
      piece
        .split('\n')
        .map((line) => `>${line}`)
        .join('\n'),
    ),
  );

/** Two buttons per skill: nothing is ever added to anyone's skills without their press. */
export function offerBlocks(offers: CatalogueSkill[]): KnownBlock[] {
  return offers.slice(0, OFFERS_MAX).flatMap((s): KnownBlock[] => {
    const name = [...s.name].length > 50 ? `${[...s.name].slice(0, 49).join('')}…` : s.name;
    return [
      section(
        `This ask wanted *${escapeMrkdwn(s.name)}*, which isn't among your skills. ` +
          'Add it, so asks that need it find you?',
      ),
      {
        type: 'actions',
        block_id: `offer_${s.slug}`.slice(0, 255),
        elements: [
          {
            type: 'button',
            action_id: ACTIONS.addOfferedSkill,
            text: { type: 'plain_text', text: `Add ${name} to my skills` },
            style: 'primary',
            value: s.slug,
          },
          {
            type: 'button',
            action_id: ACTIONS.declineOfferedSkill,
            text: { type: 'plain_text', text: 'No thanks' },
            value: s.slug,
          },
        ],
      },
    ];
  });
}

/** To each credited person: thanks, the asker's note, and any skills they might add. */
export function creditDm(ask: Ask, note: string, offers: CatalogueSkill[]): { text: string; blocks: KnownBlock[] } {
  // A private channel's ask is not quoted to someone who may not be in it.
  const what = ask.isPrivate ? askLink(ask, 'an ask') : `“${escapedPreview(ask.text, 120)}”`;
  const text = `:tada: ${askerRef(ask, true)} marked ${what} resolved and credited you with helping. Thank you!`;
  const blocks: KnownBlock[] = [section(text), ...(note ? quoted(note) : []), ...offerBlocks(offers)];
  return { text, blocks };
}

/** What the asker is told once the form is sent. */
export function resolvedConfirmation(credited: number, skipped: number): string {
  const who = credited ? `credited ${plural(credited, 'person', 'people')} and thanked them` : 'credited nobody';
  const left = skipped
    ? ` (${plural(skipped, 'pick')} left out: bots, deactivated accounts or people who asked to be forgotten)`
    : '';
  return `:white_check_mark: Your ask is resolved. I've ${who}${left}.`;
}

export const adminResolved = 'Resolved. Only the asker can say who helped, so nobody was credited; the thread says so.';
