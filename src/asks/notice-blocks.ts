import type { Match } from '../skills/matching.js';
import { quotedAsk } from '../skills/notice-text.js';
import { type KnownBlock, plural, section } from '../slack/blocks.js';
import { slackDate } from '../slack/dates.js';
import { ACTIONS } from '../slack/ids.js';
import { escapedPreview, escapeMrkdwn } from '../slack/mrkdwn.js';
import { askerLabel } from './anonymous.js';
import { askLink, matchedDm, matchedThread } from './blocks.js';
import type { Ask } from './queries.js';

/** Days a *Snooze* lasts, from a notice's button. */
export const SNOOZE_DAYS = 14;

const button = (action_id: string, text: string, value: string) => ({
  type: 'button' as const,
  action_id,
  text: { type: 'plain_text' as const, text },
  value,
});

/** *Not my area* and *Snooze*, under every match notice and digest entry; the value is the ask's id. */
export function noticeControls(askId: string): KnownBlock {
  return {
    type: 'actions',
    elements: [
      button(ACTIONS.notMyArea, 'Not my area', askId),
      button(ACTIONS.snoozeNotices, `Snooze ${SNOOZE_DAYS / 7} weeks`, askId),
    ],
  };
}

/** One threaded reply naming the people told (never learners: they are told by DM, see matches.ts). */
export function matchThreadMessage(ask: Ask, told: Match[]): { text: string; blocks: KnownBlock[] } {
  const text = `${quotedAsk(ask)}\n${matchedThread(told)}`;
  return { text, blocks: [section(text), noticeControls(ask.id)] };
}

/** The DM to one person told of an ask. */
export function matchDmMessage(ask: Ask, m: Match, learners = false): { text: string; blocks: KnownBlock[] } {
  const text = learners
    ? `:seedling: ${askerLabel(ask)}'s ask “${escapedPreview(ask.text, 200)}” has no volunteer yet. ` +
      `You said you want to learn *${escapeMrkdwn(m.skill)}*: it may be a chance to pair up on it. ` +
      `${askLink(ask, 'View the ask')}.`
    : matchedDm(ask, m);
  return { text, blocks: [section(text), noticeControls(ask.id)] };
}

/** What *Not my area* answers. */
export function notMyAreaReply(muted: string[], passedOn: boolean): string {
  if (muted.length === 0)
    return "None of your skills match this ask any more, so nothing changed. You won't hear of it again.";
  const list = muted.map((n) => `*${escapeMrkdwn(n)}*`).join(', ');
  const again = muted.map((n) => escapeMrkdwn(n)).join(', ');
  return (
    `Got it: ${list} will not bring you asks any more. It stays on your profile; ` +
    `\`/skills add ${again}\` turns it back on.` +
    (passedOn ? ' I have passed this ask on to someone else.' : '')
  );
}

// In the reader's own time zone and locale (Slack renders it).
const day = slackDate;

/** What *Snooze* and `/skills snooze 2w` answer. */
export function snoozedReply(until: Date): string {
  return (
    `Snoozed until ${day(until)}: no asks will be sent your way, and your digest will leave out asks ` +
    'that match you. `/skills snooze off` ends it sooner.'
  );
}

export const UNSNOOZED = 'Snooze is off: asks that match your skills will reach you again.';

/** The Home tab's lines about the person's notices: snooze, muted skills, this week's count. */
export function noticeState(s: { snoozedUntil: Date | null; muted: string[]; toldThisWeek: number; perWeek: number }) {
  const lines = [
    s.snoozedUntil && s.snoozedUntil > new Date()
      ? `:zzz: Snoozed until ${day(s.snoozedUntil)} · \`/skills snooze off\` ends it`
      : `Asks sent your way this week: ${s.toldThisWeek} of at most ${s.perWeek}`,
  ];
  if (s.muted.length)
    lines.push(
      `Not my area (kept, matching nothing): ${s.muted.map((n) => `*${escapeMrkdwn(n)}*`).join(', ')}` +
        ' · `/skills add …` turns one back on',
    );
  return lines;
}

/** How long, in words: hours up to two days, then days. */
const span = (hours: number) =>
  hours < 48 ? plural(Math.round(hours), 'hour') : plural(Math.round(hours / 24), 'day');

/** The ladder's last step: the asker hears which skills nobody has and how to try again. */
export function lastStepDm(ask: Ask, hours: number, undeclared: string[]): string {
  const nobody = undeclared.length
    ? ` Nobody in the workspace has declared ${undeclared.map((n) => `*${escapeMrkdwn(n)}*`).join(' or ')} as a skill` +
      ' yet, so there was nobody to tell.'
    : ' The people whose skills match have been told, and nobody has offered yet.';
  return (
    `Nobody has volunteered for your ask “${escapedPreview(ask.text, 120)}” in ${span(hours)}.${nobody} ` +
    'Try posting it again with more detail (what you need, by when, how long it takes), or in another ' +
    `channel where people who know about it might be: ${askLink(ask, 'the ask')}.`
  );
}
