import type { types } from '@slack/bolt';
import { type KnownBlock, plural, section, type View } from '../slack/blocks.js';
import { ACTIONS, SKILLS_MODAL_FIELDS as F, VIEWS } from '../slack/ids.js';
import { escapedPreview, escapeMrkdwn } from '../slack/mrkdwn.js';
import { SKILLS_PER_PERSON_MAX } from './limits.js';
import type { Match } from './matching.js';
import { SKILL_NAME_MAX, SKILLS_PER_COMMAND_MAX, SKILLS_TEXT_MAX } from './normalise.js';
import { HOW_YOU_HEAR } from './notice-text.js';
import type { Erased, Kind, PersonSkill } from './queries.js';

type Option = types.PlainTextOption;

/**
 * Names (in bold unless `plain`), as many as fit in `budget` characters, then how many more: 50
 * names of 80 characters (longer still once escaped) would take a reply past Slack's 4,000.
 */
export function names(list: string[], budget: number, plain = false): string {
  let shown = '';
  let count = 0;
  for (const n of list) {
    const name = plain ? escapeMrkdwn(n) : `*${escapeMrkdwn(n)}*`;
    const next = `${shown ? ', ' : ''}${name}`;
    if (shown.length + next.length > budget) break;
    shown += next;
    count += 1;
  }
  return count < list.length ? `${shown} and ${list.length - count} more` : shown;
}

export const SKILLS_HELP = [
  '*/skills* — say what you can do and what you would like to do or learn, so the right asks find you.',
  '• `/skills` opens a form with your skills and interests',
  '• `/skills add python, blogging` adds skills; `/skills interest photography` adds interests',
  '• `/skills remove blogging` removes one',
  '• `/skills list` shows yours; `/skills list @someone` shows theirs',
  '• `/skills who data visualisation` finds who knows about something',
  '• `/skills map` sends you the talent map; `/skills learn python` finds mentors; `/skills mentor on` offers to teach',
  '• `/skills spotlight on` lets the weekly spotlight name you; admins: `/skills report`, `/skills export all`',
  '• `/skills digest off` (or `on`) stops (or restarts) the weekly digest',
  '• `/skills snooze 2w` pauses asks sent your way for two weeks; `/skills snooze off` ends it',
  HOW_YOU_HEAR,
  '• `/skills history off` (or `on`) hides (or shows) who you helped',
  '• `/skills export` sends you everything held about you, as a JSON file',
  '• `/skills forget me` erases everything held about you',
].join('\n');

export function unknownForm(text: string): string {
  return `I didn't understand “${escapedPreview(text, 60)}”.\n\n${SKILLS_HELP}`;
}

export const fullUp = () =>
  `You have ${SKILLS_PER_PERSON_MAX} skills and interests, the most one person can have, so nothing was added. ` +
  'Remove some you no longer want with `/skills remove …` (see them with `/skills list`), then add again.';

export const added = (
  kind: 'skill' | 'interest',
  list: string[],
  already: number,
  capped: number,
  more: { overLimit?: number; cut?: boolean } = {},
) => {
  const lines = [
    list.length ? `Added ${kind === 'skill' ? 'skills' : 'interests'}: ${names(list, 3000)}.` : `Nothing new to add.`,
  ];
  if (already) lines.push(`${already} you already had.`);
  if (capped)
    lines.push(
      `You can add up to ${SKILLS_PER_COMMAND_MAX} at once, so I left out the last ${capped}; add them in another go.`,
    );
  if (more.overLimit)
    lines.push(
      `One person can have at most ${SKILLS_PER_PERSON_MAX} skills and interests, so I left out the last ` +
        `${more.overLimit}; remove some with \`/skills remove …\` to make room.`,
    );
  if (more.cut)
    lines.push(
      `Your text was over ${SKILLS_TEXT_MAX.toLocaleString('en-GB')} characters, so I read only its start; ` +
        'anything after that was left out.',
    );
  return lines.join(' ');
};

export const tooLong = (name: string) =>
  `“${escapedPreview(name, 40)}” is ${[...name].length} characters; ` +
  `a skill can be at most ${SKILL_NAME_MAX}. Nothing was changed.`;

export function skillList(skills: PersonSkill[], whose: string): string {
  const of = (kind: string) => skills.filter((s) => s.kind === kind).map((s) => s.name);
  const [sk, int] = [of('skill'), of('interest')];
  if (sk.length + int.length === 0) {
    return whose === 'You'
      ? "You haven't declared any skills yet. Try `/skills add writing, excel` or `/skills` for a form."
      : `${whose} hasn't declared any skills yet.`;
  }
  return [
    `*${whose === 'You' ? 'Your' : `${whose}'s`} skills:* ${sk.length ? names(sk, 1800) : '_none yet_'}`,
    `*Interests:* ${int.length ? names(int, 1800) : '_none yet_'}`,
  ].join('\n');
}

export function whoResults(query: string, matches: Match[], total: number): string {
  if (matches.length === 0) return `Nobody has declared anything like “${escapedPreview(query, 80)}” yet.`;
  const helped = (n = 0) => (n > 0 ? `, helped ${plural(n, 'person', 'people')} with this` : '');
  // found by the help they gave (their credits), not by a skill they declared
  const what = (m: Match) =>
    m.reason === 'similar_ask' ? 'helped with a similar ask' : `${escapeMrkdwn(m.skill)} (${m.kind})`;
  const lines = matches.map((m) => `• <@${m.userId}> — ${what(m)}${helped(m.helped)}`);
  const more = total - matches.length;
  return [
    `*Who knows about “${escapedPreview(query, 80)}”*, best matches first:`,
    ...lines,
    ...(more > 0 ? [`…and ${more} more.`] : []),
  ].join('\n');
}

export const EXPORT_SENT =
  'I sent you everything I hold about you as a JSON file in our DM. `/skills forget me` erases it.';

/** The value of the second "forget me" button: the person's asks are deleted too, not anonymised. */
export const FORGET_DELETING_ASKS = 'forget_delete_asks';

const forgetButton = (text: string, value: string) => ({
  type: 'button' as const,
  action_id: ACTIONS.forgetMe,
  style: 'danger' as const,
  text: { type: 'plain_text' as const, text },
  value,
});

export function forgetConfirm(): { text: string; blocks: KnownBlock[] } {
  const text =
    'This erases everything I hold about you in this workspace: skills, interests, volunteering, stored ' +
    'thread replies, digests, and any notice still owed to you; your name comes off asks you resolved and ' +
    'settings you changed. Your asks can stay, shown as "a former colleague asked…", or be deleted with ' +
    'their messages. Erase everything?';
  return {
    text,
    blocks: [
      section(text),
      {
        type: 'section',
        text: { type: 'mrkdwn', text: '*Keep my asks*, anonymised, for the people who answered them.' },
        accessory: forgetButton('Erase, keep my asks', 'forget'),
      },
      {
        type: 'section',
        text: { type: 'mrkdwn', text: '*Delete my asks* too, with their messages in the channel.' },
        accessory: forgetButton('Erase, delete my asks', FORGET_DELETING_ASKS),
      },
    ],
  };
}

export function erasedMessage(e: Erased): string {
  if (e.skills + e.volunteering + e.replies + e.asks === 0)
    return 'There is nothing left to erase: I hold no skills, volunteering, replies or asks of yours.';
  const asks =
    e.asks === 0
      ? ''
      : e.asksDeleted
        ? ` I deleted your ${plural(e.asks, 'ask')}.`
        : ` Your ${plural(e.asks, 'ask')} now show as a former colleague's.`;
  return (
    `Done. I erased ${e.skills} skills and interests, ${e.volunteering} volunteering records ` +
    `and ${e.replies} stored replies.${asks}`
  );
}

export const option = (slug: string, name: string): Option => ({
  text: { type: 'plain_text', text: name.slice(0, 75) },
  value: slug,
});

/** Slack refuses a plain_text_input whose initial_value is longer. */
export const INITIAL_VALUE_MAX = 3000;

interface FitInitial {
  text: string;
  /** How many names did not fit. */
  hidden: number;
  /** The norm of the last name shown (names come ordered by norm). */
  lastNorm?: string;
}

/** Whole names, comma-separated, as many as fit in an initial_value (never a name cut in two). */
export function fitInitial(names: { name: string; norm: string }[], max = INITIAL_VALUE_MAX): FitInitial {
  let text = '';
  let shown = 0;
  for (const n of names) {
    const next = text ? `${text}, ${n.name}` : n.name;
    if (next.length > max) break;
    text = next;
    shown += 1;
  }
  return { text, hidden: names.length - shown, lastNorm: names[shown - 1]?.norm ?? '' };
}

/** The skills form; null while the person's skills are still loading. */
export function skillsModal(current: PersonSkill[] | null): View {
  const shell = {
    type: 'modal' as const,
    callback_id: VIEWS.skillsModal,
    title: { type: 'plain_text' as const, text: 'Your skills' },
    close: { type: 'plain_text' as const, text: 'Cancel' },
  };
  if (current === null) return { ...shell, blocks: [section('Loading your skills…')] };
  const picked = (kind: string) =>
    current.filter((s) => s.kind === kind && s.catalogueSlug).map((s) => option(s.catalogueSlug!, s.name));
  const free = (kind: Kind) =>
    fitInitial(current.filter((s) => s.kind === kind && !s.catalogueSlug).map((s) => ({ name: s.name, norm: s.norm })));
  const [freeSkills, freeInterests] = [free('skill'), free('interest')];
  // Names that did not fit are kept on saving: the form says so, and the submission adds them back.
  const shownUpTo: Partial<Record<Kind, string>> = {};
  if (freeSkills.hidden) shownUpTo.skill = freeSkills.lastNorm;
  if (freeInterests.hidden) shownUpTo.interest = freeInterests.lastNorm;
  const picker = (block: string, action: string, label: string, initial: Option[]): KnownBlock => ({
    type: 'input',
    block_id: block,
    optional: true,
    label: { type: 'plain_text', text: label },
    element: {
      type: 'multi_external_select',
      action_id: action,
      min_query_length: 1,
      placeholder: { type: 'plain_text', text: 'Start typing a skill' },
      ...(initial.length ? { initial_options: initial } : {}),
    },
  });
  const freeText = (block: string, label: string, { text: initial, hidden }: FitInitial): KnownBlock => ({
    type: 'input',
    block_id: block,
    optional: true,
    label: { type: 'plain_text', text: label },
    hint: {
      type: 'plain_text',
      text: hidden
        ? `Separate them with commas. ${plural(hidden, 'more is', 'more are')} not shown here and stay as they are.`
        : 'Separate them with commas.',
    },
    element: { type: 'plain_text_input', action_id: block, ...(initial ? { initial_value: initial } : {}) },
  });
  return {
    ...shell,
    ...(Object.keys(shownUpTo).length ? { private_metadata: JSON.stringify({ shownUpTo }) } : {}),
    submit: { type: 'plain_text', text: 'Save' },
    blocks: [
      section(
        '*Skills* are what you can do. *Interests* are what you would like to do or learn. ' +
          'Both help the right asks find you.',
      ),
      picker(F.skills, ACTIONS.pickSkills, 'Skills', picked('skill')),
      freeText(F.skillsFree, 'Other skills', freeSkills),
      picker(F.interests, ACTIONS.pickInterests, 'Interests', picked('interest')),
      freeText(F.interestsFree, 'Other interests', freeInterests),
    ],
  };
}
