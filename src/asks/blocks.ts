import type { Match } from '../skills/matching.js';
import { context, type KnownBlock, plural, section, someMentions, type View } from '../slack/blocks.js';
import { slackDate } from '../slack/dates.js';
import { ACTIONS, ASK_MODAL_FIELDS, VIEWS } from '../slack/ids.js';
import { labelFor } from '../slack/labels.js';
import { escapedChunks, escapedPreview, escapeMrkdwn } from '../slack/mrkdwn.js';
import { askerLabel } from './anonymous.js';
import { personRef } from './former.js';
import { ASK_DETAILS_MAX, ASK_TEXT_MAX, THANKED_MAX, VOLUNTEERS_SHOWN } from './limits.js';
import { onItLine } from './loop-blocks.js';
import { askerMenu } from './overflow-blocks.js';
import type { Ask } from './queries.js';

export function volunteersLine(volunteers: string[]): string {
  if (volunteers.length === 0) return 'No volunteers yet.';
  return `*${plural(volunteers.length, 'volunteer')}:* ${someMentions(volunteers, VOLUNTEERS_SHOWN)}`;
}

/** The question in bold, line by line (Slack's bold never spans a line break); plain if that would not fit. */
function bold(chunk: string): string {
  const lines = chunk.split('\n').map((line) => (line.trim() ? `*${line.trim()}*` : line));
  const bolded = lines.join('\n');
  return bolded.length <= 3000 ? bolded : chunk;
}

/** How a closed ask ends; an expired one tells apart asks people offered to help with from those nobody did. */
function closedLine(ask: Ask, volunteers: string[], expiryDays?: number): string {
  if (ask.status === 'resolved') return `:white_check_mark: *Resolved* by ${resolver(ask)}`;
  if (ask.status !== 'expired') return '*Closed*';
  const after = expiryDays ? ` after ${plural(expiryDays, 'day')}` : '';
  if (volunteers.length === 0) return `:hourglass: *Expired*: closed${after} with no volunteers`;
  const offered = `${plural(volunteers.length, 'person', 'people')} offered to help`;
  return `:hourglass: *Expired*: closed${after}; ${offered} (${someMentions(volunteers, VOLUNTEERS_SHOWN)})`;
}

export interface AskMessageOptions {
  /** ASK_EXPIRY_DAYS, said on an expired ask. */
  expiryDays?: number;
}

/**
 * The broadcast ask, also used to update it: the question leads, in bold, then one context line
 * (who asks · skills · needed by · volunteers). *I can help* is the only button: how to
 * volunteer lives in the channel topic and `/ask help`, and the asker's own controls in the ⋮
 * menu, their DM and Home tab. User text is escaped and split to fit sections.
 */
export function askMessage(
  ask: Ask,
  volunteers: string[],
  o: AskMessageOptions = {},
): { text: string; blocks: KnownBlock[] } {
  const [first = '', ...rest] = escapedChunks(ask.text);
  const open = ask.status === 'open';
  const text = { type: 'mrkdwn' as const, text: bold(first) };
  const lead: KnownBlock = { type: 'section', text, ...(open ? { accessory: askerMenu(ask) } : {}) };
  const blocks: KnownBlock[] = [lead, ...rest.map(section)];
  if (ask.details) blocks.push(...escapedChunks(ask.details).map(section));
  const facts = [`${askerLabel(ask)} asks`];
  if (ask.skills.length) facts.push(`*Skills:* ${ask.skills.map(escapeMrkdwn).join(', ')}`);
  if (ask.deadline) facts.push(`:calendar: Needed by *${slackDate(ask.deadline)}*`);
  if (!open) facts.push(closedLine(ask, volunteers, o.expiryDays));
  else if (ask.claimedBy) facts.push(onItLine(ask.claimedBy));
  else facts.push(volunteersLine(volunteers));
  if (ask.editedAt) facts.push('_edited_');
  blocks.push(context(facts.join('  ·  ')));
  if (open) {
    blocks.push({
      type: 'actions',
      block_id: 'ask_actions',
      elements: [
        {
          type: 'button',
          action_id: ACTIONS.volunteer,
          text: { type: 'plain_text', text: 'I can help' },
          accessibility_label: labelFor('I can help with', ask.text),
          style: 'primary',
          value: ask.id,
        },
      ],
    });
  }
  return { text: `${askerLabel(ask)} asks: ${escapedPreview(ask.text, 200)}`, blocks };
}

/** Who resolved it; an anonymous asker resolving their own ask is "the asker". */
const resolver = (ask: Ask) =>
  ask.anonymous && (ask.resolvedBy ?? ask.askerId) === ask.askerId
    ? 'the asker'
    : personRef(ask.resolvedBy ?? ask.askerId);

export function askLink(ask: Pick<Ask, 'permalink'>, label = 'the ask'): string {
  return ask.permalink ? `<${ask.permalink}|${label}>` : label;
}

/** Why nobody is named in the thread of an ask in a channel shared with another organisation. */
function sharedChannel(ask: Ask, count: number, shared: 'dm' | 'nobody'): string {
  const where = `<#${ask.channelId}> is shared with another organisation`;
  if (shared === 'nobody')
    return (
      ` ${where} and is private, so I haven't told anyone whose skills match: ` +
      'ask in a channel of your own organisation to reach them.'
    );
  if (!count) return ` ${where}, so people whose skills match hear of asks there by DM, never in the thread.`;
  const told = plural(count, 'person', 'people');
  return ` ${where}, so I told ${told} whose skills match by DM instead of naming them in its thread.`;
}

export function postedConfirmation(ask: Ask, told: number | { count: number; shared?: 'dm' | 'nobody' } = 0): string {
  const { count, shared } = typeof told === 'number' ? { count: told, shared: undefined } : told;
  const matched = shared
    ? sharedChannel(ask, count, shared)
    : count
      ? ` I've told ${plural(count, 'person', 'people')} whose skills match.`
      : '';
  const out = ask.anonymous ? 'out anonymously' : 'out';
  const anonymous = ask.anonymous
    ? ' Nobody else is shown that it is yours; replying in its thread would show your name.'
    : '';
  return (
    `:mega: Your ask is ${out} in <#${ask.channelId}>: ${askLink(ask, 'view it')}.${matched}` +
    ` You'll hear of each volunteer in one DM about your ask, updated as they come.${anonymous}`
  );
}

const why = (m: Match) =>
  m.reason === 'similar_ask'
    ? 'helped with a similar ask'
    : `${m.kind === 'skill' ? 'knows' : 'is interested in'} *${escapeMrkdwn(m.skill)}*${helpedWith(m.helped)}`;

/** Help that counts, said where someone is named for a skill: "helped 3 people with this". */
export const helpedWith = (n = 0) => (n > 0 ? `, helped ${plural(n, 'person', 'people')} with this` : '');

export function matchedThread(matches: Match[]): string {
  return [':mag: These people might be able to help:', ...matches.map((m) => `• <@${m.userId}> ${why(m)}`)].join('\n');
}

export function matchedDm(ask: Ask, m: Match): string {
  const who = askerLabel(ask);
  return `:mag: ${who} is asking: “${escapedPreview(ask.text, 200)}”. You came up because you ${why(m)
    .replace(/^knows/, 'know')
    .replace(/^is interested/, 'are interested')}. ${askLink(ask, 'View the ask')} to help.`;
}

export function volunteerDm(ask: Ask, volunteerId: string): string {
  return (
    `:raising_hand: <@${volunteerId}> can help with your ask “${escapedPreview(ask.text, 120)}”. ` +
    `${askLink(ask, 'View the ask')} and reply in its thread, or message them directly.`
  );
}

export function thanksMessage(ask: Ask, volunteers: string[]): string {
  const by = ask.resolvedBy && ask.resolvedBy !== ask.askerId ? ` by <@${ask.resolvedBy}>` : '';
  if (volunteers.length === 0) return `:white_check_mark: This ask was marked resolved${by}.`;
  return (
    `:white_check_mark: This ask was marked resolved${by}. ` +
    `Thank you ${someMentions(volunteers, THANKED_MAX)} for offering to help! :tada:`
  );
}

export function tooLongMessage(text: string): { text: string; blocks: KnownBlock[] } {
  const summary =
    `Your ask is ${text.length.toLocaleString('en-GB')} characters; ` +
    `the limit is ${ASK_TEXT_MAX.toLocaleString('en-GB')}. ` +
    'Put the gist in `/ask` (or use `/ask` alone for a form with a details box) ' +
    "and add the rest in the ask's thread. Here is what you wrote, so nothing is lost:";
  const chunks = escapedChunks(text).slice(0, 45);
  return { text: summary, blocks: [section(summary), ...chunks.map((c) => section(`\`\`\`${c}\`\`\``))] };
}

/** Past ASKS_PER_HOUR: when they can ask again, in words that also read well as a form error. */
export function askRateLimited(perHour: number, again: Date, now = new Date()): string {
  const minutes = Math.max(1, Math.ceil((again.getTime() - now.getTime()) / 60_000));
  return (
    `You've asked ${plural(perHour, 'time')} in the last hour, the most anyone can, so nothing was posted. ` +
    `You can ask again in ${plural(minutes, 'minute')}; meanwhile, add to your earlier asks in their threads.`
  );
}

export const ASK_HELP = [
  '*Who Can Help* — ask the whole organisation for help.',
  '• `/ask we want to start a blog, who can help?` broadcasts your ask.',
  '• `/ask` alone opens a form with details and a deadline.',
  '• `/ask anonymously …` posts it as "Someone asks", where your workspace allows it.',
  "• To volunteer for someone's ask, press *I can help* on it or react to it with :raising_hand:" +
    " (or the emoji your workspace picked; the ask channel's topic says which)." +
    ' The asker hears of each volunteer in one DM about their ask, updated as they come.',
  '• On your own ask, the ⋮ menu lets you *Edit*, *Close* or *Delete* it, or *Mark resolved* and say who helped;' +
    ' your DM about it and your Home tab have *Mark resolved* too.',
].join('\n');

const ASK_ANONYMOUSLY = { text: { type: 'plain_text' as const, text: 'Ask anonymously' }, value: 'yes' };

export interface AskFormOptions {
  /** Where the ask will be posted, to say so; null: the form's own channel picker decides. */
  postsTo?: string | null;
  /** MATCH_NOTIFY_LIMIT: how many people whose skills match are told. */
  notifyLimit?: number;
  /** A first draft of the question (from an empty `/skills who`). */
  need?: string;
}

/** What pressing *Send ask* does, said before it is pressed. */
function onSubmit({ postsTo, notifyLimit }: AskFormOptions): string {
  const where = postsTo ? `Posts to <#${postsTo}>` : 'Posts to the channel you pick';
  const who = notifyLimit ? ` and tells up to ${plural(notifyLimit, 'person', 'people')} whose skills match` : '';
  return `${where}${who}. People volunteer from there, and you hear from each of them.`;
}

/**
 * The ask form; `channel` is where it was opened, or null (the Home tab), which adds a channel
 * picker. `anonymous`: the "Ask anonymously" box, ticked or not; undefined where the workspace
 * turned anonymous asks off.
 */
export function askModal(channel: string | null, anonymous?: boolean, o: AskFormOptions = {}): View {
  const anonymously: KnownBlock[] =
    anonymous === undefined
      ? []
      : [
          {
            type: 'input',
            block_id: ASK_MODAL_FIELDS.anonymous,
            optional: true,
            label: { type: 'plain_text', text: 'Anonymous' },
            hint: { type: 'plain_text', text: 'The ask says "Someone asks"; volunteers still reach you by DM.' },
            element: {
              type: 'checkboxes',
              action_id: ASK_MODAL_FIELDS.anonymous,
              options: [ASK_ANONYMOUSLY],
              ...(anonymous ? { initial_options: [ASK_ANONYMOUSLY] } : {}),
            },
          },
        ];
  const picker: KnownBlock[] = channel
    ? []
    : [
        {
          type: 'input',
          block_id: ASK_MODAL_FIELDS.channel,
          label: { type: 'plain_text', text: 'Post it in' },
          element: {
            type: 'conversations_select',
            action_id: ASK_MODAL_FIELDS.channel,
            filter: { include: ['public'], exclude_bot_users: true, exclude_external_shared_channels: true },
          },
        },
      ];
  return {
    type: 'modal',
    callback_id: VIEWS.askModal,
    private_metadata: JSON.stringify({ channel: channel ?? '' }),
    title: { type: 'plain_text', text: 'Ask: who can help?' },
    submit: { type: 'plain_text', text: 'Send ask' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      context(onSubmit({ ...o, postsTo: channel ? (o.postsTo ?? channel) : null })),
      ...picker,
      {
        type: 'input',
        block_id: ASK_MODAL_FIELDS.need,
        label: { type: 'plain_text', text: 'What do you need?' },
        element: {
          type: 'plain_text_input',
          action_id: ASK_MODAL_FIELDS.need,
          max_length: ASK_TEXT_MAX,
          placeholder: { type: 'plain_text', text: 'We want to start a blog, who can help?' },
          ...(o.need ? { initial_value: o.need.slice(0, ASK_TEXT_MAX) } : {}),
        },
      },
      {
        type: 'input',
        block_id: ASK_MODAL_FIELDS.details,
        optional: true,
        label: { type: 'plain_text', text: 'Details' },
        element: {
          type: 'plain_text_input',
          action_id: ASK_MODAL_FIELDS.details,
          multiline: true,
          max_length: ASK_DETAILS_MAX,
        },
      },
      {
        type: 'input',
        block_id: ASK_MODAL_FIELDS.skills,
        optional: true,
        label: { type: 'plain_text', text: 'Skills wanted' },
        element: {
          type: 'multi_external_select',
          action_id: ACTIONS.pickAskSkills,
          min_query_length: 1,
          max_selected_items: 10,
          placeholder: { type: 'plain_text', text: 'Start typing a skill' },
        },
      },
      {
        type: 'input',
        block_id: ASK_MODAL_FIELDS.deadline,
        optional: true,
        label: { type: 'plain_text', text: 'Needed by' },
        element: { type: 'datepicker', action_id: ASK_MODAL_FIELDS.deadline },
      },
      ...anonymously,
    ],
  };
}
