import type { types } from '@slack/bolt';
import { type KnownBlock, section, type View } from '../slack/blocks.js';
import { ACTIONS, SKILLS_MODAL_FIELDS as F, VIEWS } from '../slack/ids.js';
import { escapedPreview, escapeMrkdwn } from '../slack/mrkdwn.js';
import type { Match } from './matching.js';
import { SKILL_NAME_MAX, SKILLS_PER_COMMAND_MAX } from './normalise.js';
import type { Erased, PersonSkill } from './queries.js';

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
  '• `/skills digest off` (or `on`) stops (or restarts) the weekly digest',
  '• `/skills forget me` erases everything held about you',
].join('\n');

export function unknownForm(text: string): string {
  return `I didn't understand “${escapedPreview(text, 60)}”.\n\n${SKILLS_HELP}`;
}

export const added = (kind: 'skill' | 'interest', list: string[], already: number, capped: number) => {
  const lines = [
    list.length ? `Added ${kind === 'skill' ? 'skills' : 'interests'}: ${names(list, 3000)}.` : `Nothing new to add.`,
  ];
  if (already) lines.push(`${already} you already had.`);
  if (capped)
    lines.push(
      `You can add up to ${SKILLS_PER_COMMAND_MAX} at once, so I left out the last ${capped}; add them in another go.`,
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
  const lines = matches.map((m) => `• <@${m.userId}> — ${escapeMrkdwn(m.skill)} (${m.kind})`);
  const more = total - matches.length;
  return [
    `*Who knows about “${escapedPreview(query, 80)}”*, best matches first:`,
    ...lines,
    ...(more > 0 ? [`…and ${more} more.`] : []),
  ].join('\n');
}

export function forgetConfirm(): { text: string; blocks: KnownBlock[] } {
  const text =
    'This erases your skills, interests, volunteering records and stored thread replies in this workspace. ' +
    'Your asks stay. Erase everything?';
  return {
    text,
    blocks: [
      section(text),
      {
        type: 'actions',
        elements: [
          {
            type: 'button',
            action_id: ACTIONS.forgetMe,
            style: 'danger',
            text: { type: 'plain_text', text: 'Erase everything' },
            value: 'forget',
          },
        ],
      },
    ],
  };
}

export function erasedMessage(e: Erased): string {
  if (e.skills + e.volunteering + e.replies === 0)
    return 'There is nothing left to erase: I hold no skills, volunteering or replies of yours.';
  return (
    `Done. I erased ${e.skills} skills and interests, ${e.volunteering} volunteering records ` +
    `and ${e.replies} stored replies.`
  );
}

export const option = (slug: string, name: string): Option => ({
  text: { type: 'plain_text', text: name.slice(0, 75) },
  value: slug,
});

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
  const free = (kind: string) =>
    current
      .filter((s) => s.kind === kind && !s.catalogueSlug)
      .map((s) => s.name)
      .join(', ');
  const picker = (block: string, action: string, label: string, initial: Option[]): KnownBlock => ({
    type: 'input',
    block_id: block,
    optional: true,
    label: { type: 'plain_text', text: label },
    element: {
      type: 'multi_external_select',
      action_id: action,
      min_query_length: 1,
      placeholder: { type: 'plain_text', text: 'Type to search the catalogue' },
      ...(initial.length ? { initial_options: initial } : {}),
    },
  });
  const freeText = (block: string, label: string, initial: string): KnownBlock => ({
    type: 'input',
    block_id: block,
    optional: true,
    label: { type: 'plain_text', text: label },
    hint: { type: 'plain_text', text: 'Separate them with commas.' },
    element: { type: 'plain_text_input', action_id: block, ...(initial ? { initial_value: initial } : {}) },
  });
  return {
    ...shell,
    submit: { type: 'plain_text', text: 'Save' },
    blocks: [
      section(
        '*Skills* are what you can do. *Interests* are what you would like to do or learn. ' +
          'Both help the right asks find you.',
      ),
      picker(F.skills, ACTIONS.pickSkills, 'Skills', picked('skill')),
      freeText(F.skillsFree, 'Other skills', free('skill')),
      picker(F.interests, ACTIONS.pickInterests, 'Interests', picked('interest')),
      freeText(F.interestsFree, 'Other interests', free('interest')),
    ],
  };
}
