import { askerLabel } from '../asks/anonymous.js';
import { askLink } from '../asks/blocks.js';
import { goWithButton, onItLine } from '../asks/loop-blocks.js';
import { settingsSection } from '../settings/blocks.js';
import type { Settings } from '../settings/lookup.js';
import { names } from '../skills/blocks.js';
import type { PersonSkill } from '../skills/queries.js';
import { context, type KnownBlock, plural, section, type View } from '../slack/blocks.js';
import { slackDate } from '../slack/dates.js';
import { ACTIONS } from '../slack/ids.js';
import { labelFor } from '../slack/labels.js';
import { escapedPreview } from '../slack/mrkdwn.js';
import type { HomeAsk } from './queries.js';

/** Asks listed per section of the Home tab; the rest are counted. */
export const HOME_LIST_MAX = 10;
/** Asks listed under "Asks you're helping with" (the Home tab holds 100 blocks in all). */
export const HELPING_LIST_MAX = 5;

export interface HomeData {
  skills: PersonSkill[];
  mine: { items: HomeAsk[]; total: number };
  forMe: { items: HomeAsk[]; total: number };
  /** Open asks they offered to help with. */
  helpingWith?: { items: HomeAsk[]; total: number };
  /** Only for workspace admins. */
  settings?: Settings;
  /** The talent map (members) and insights (admins), from src/talent. */
  talent?: KnownBlock[];
  /** Who they helped and where their notices stand (snooze, *Not my area*), from src/skills/home. */
  helping?: KnownBlock[];
  /** Whose Home tab it is: "You're on it" on the asks they took on. */
  userId?: string;
  /** *Pause 4 weeks* pressed in a digest: no digest until then, unless they resume. */
  digestPausedUntil?: Date | null;
}

function digestPaused(until: Date | null | undefined): KnownBlock[] {
  if (!until || until.getTime() <= Date.now()) return [];
  return [
    {
      type: 'section',
      text: { type: 'mrkdwn', text: `:double_vertical_bar: Your weekly digest is paused until ${slackDate(until)}.` },
      accessory: button(ACTIONS.resumeDigest, 'Resume digest'),
    },
  ];
}

const button = (action_id: string, text: string, value = action_id, style?: 'primary') => ({
  type: 'button' as const,
  action_id,
  text: { type: 'plain_text' as const, text },
  value,
  ...(style ? { style } : {}),
});
const link = (a: HomeAsk) => askLink(a, `“${escapedPreview(a.text, 120)}”`);
const more = (shown: number, total: number): KnownBlock[] =>
  total > shown ? [context(`…and ${total - shown} more.`)] : [];

function welcome(): KnownBlock[] {
  return [
    section(
      [
        '*Welcome!* Who Can Help finds the people in your organisation who know what you need.',
        '1. *Ask everyone.* `/ask we want to start a blog, who can help?` broadcasts your ask ' +
          'and tells the people whose skills match.',
        "2. *Say what you're good at*, and what you'd like to learn, so the right asks find you.",
        '3. *Volunteer with one click* on any ask; the asker hears at once. A weekly digest keeps you posted.',
      ].join('\n'),
    ),
    {
      type: 'actions',
      elements: [
        button(ACTIONS.homeEditSkills, 'Add your skills', ACTIONS.homeEditSkills, 'primary'),
        button(ACTIONS.homeNewAsk, 'New ask'),
      ],
    },
  ];
}

function skillsSection(skills: PersonSkill[]): KnownBlock[] {
  const of = (kind: string) =>
    names(
      skills.filter((s) => s.kind === kind).map((s) => s.name),
      1400,
      true,
    ) || '_none yet_';
  return [
    {
      type: 'section',
      text: { type: 'mrkdwn', text: `*Your skills:* ${of('skill')}\n*Interests:* ${of('interest')}` },
      accessory: button(ACTIONS.homeEditSkills, 'Edit'),
    },
    { type: 'actions', elements: [button(ACTIONS.homeNewAsk, 'New ask', ACTIONS.homeNewAsk, 'primary')] },
  ];
}

/** On an open ask of yours: who is on it, and Go with buttons for the first other volunteers. */
function claimRows(a: HomeAsk): KnownBlock[] {
  if (a.status !== 'open') return [];
  const onIt = a.claimedBy ? [context(onItLine(a.claimedBy))] : [];
  const picks = (a.goWith ?? []).map((p) => goWithButton(a.id, p));
  return [...onIt, ...(picks.length ? [{ type: 'actions' as const, elements: picks }] : [])];
}

function myAsksSection({ items, total }: HomeData['mine']): KnownBlock[] {
  const rows = items.flatMap((a): KnownBlock[] => [
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text:
          `${link(a)}\n${a.status === 'open' ? 'Open' : a.status === 'resolved' ? 'Resolved' : 'Closed'}` +
          ` · ${plural(a.volunteers, 'volunteer')} · ${plural(a.replies, 'reply', 'replies')}`,
      },
      ...(a.status === 'open'
        ? {
            accessory: {
              ...button(ACTIONS.resolve, 'Mark resolved', a.id),
              accessibility_label: labelFor('Mark resolved', a.text),
            },
          }
        : {}),
    },
    ...claimRows(a),
  ]);
  return [
    { type: 'header', text: { type: 'plain_text', text: 'Your asks' } },
    ...(rows.length ? rows : [context("You haven't asked anything yet.")]),
    ...more(items.length, total),
  ];
}

/** Where someone who offered keeps sight of the ask, with *Withdraw* beside it. */
function helpingSection(helping: HomeData['helpingWith'], userId?: string): KnownBlock[] {
  if (!helping?.items.length) return [];
  const rows = helping.items.map(
    (a): KnownBlock => ({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text:
          `${askerLabel(a)} asks: ${link(a)}\n` +
          (a.claimedBy && a.claimedBy === userId ? ":handshake: You're on it." : 'You offered to help.'),
      },
      accessory: {
        ...button(ACTIONS.withdraw, 'Withdraw', a.id),
        accessibility_label: labelFor('Withdraw from', a.text),
      },
    }),
  );
  return [
    { type: 'header', text: { type: 'plain_text', text: "Asks you're helping with" } },
    ...rows,
    ...more(helping.items.length, helping.total),
    { type: 'divider' },
  ];
}

function forMeSection({ items, total }: HomeData['forMe']): KnownBlock[] {
  const rows = items.map(
    (a): KnownBlock => ({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: `${askerLabel(a)} asks: ${link(a)}\n${plural(a.volunteers, 'volunteer')} so far`,
      },
      accessory: {
        ...button(ACTIONS.volunteer, 'I can help', a.id, 'primary'),
        accessibility_label: labelFor('I can help with', a.text),
      },
    }),
  );
  const none = context('No open asks match your skills right now. Add more skills to see more.');
  return [
    { type: 'header', text: { type: 'plain_text', text: 'Asks that match you' } },
    ...(rows.length ? rows : [none]),
    ...more(items.length, total),
  ];
}

/** The App Home tab: at most about 65 blocks (Slack allows 100). */
export function homeView(d: HomeData): View {
  const firstTime = d.skills.length === 0 && d.mine.total === 0;
  const blocks: KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: 'Who Can Help' } },
    ...(firstTime ? welcome() : skillsSection(d.skills)),
    ...(d.helping ?? []),
    ...digestPaused(d.digestPausedUntil),
    { type: 'divider' },
    ...myAsksSection(d.mine),
    { type: 'divider' },
    ...helpingSection(d.helpingWith, d.userId),
    ...forMeSection(d.forMe),
    ...(d.talent ?? []),
    ...(d.settings ? [{ type: 'divider' } as const, ...settingsSection(d.settings)] : []),
  ];
  return { type: 'home', blocks };
}

/** The Home tab of someone just forgotten: nothing of theirs is shown, or kept to show. */
export function forgottenView(): View {
  return {
    type: 'home',
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: 'Who Can Help' } },
      section(
        'Everything I held about you in this workspace is erased. ' +
          'Use `/skills add …` or `/ask` whenever you like to start again.',
      ),
    ],
  };
}
