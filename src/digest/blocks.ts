import { askerLabel } from '../asks/anonymous.js';
import { noticeControls } from '../asks/notice-blocks.js';
import { context, type KnownBlock, plural, section } from '../slack/blocks.js';
import { ACTIONS } from '../slack/ids.js';
import { labelFor } from '../slack/labels.js';
import { escapedPreview, escapeMrkdwn } from '../slack/mrkdwn.js';
import type { DigestAsk, DigestToSend, ReaderSkills } from './content.js';

const link = (permalink: string | null, label: string) => (permalink ? `<${permalink}|${label}>` : label);

/**
 * One person's weekly digest (at most ~30 blocks whatever the content), or null when nothing in
 * it is still worth reading: asks closed since planning drop out.
 */
export function digestMessage(
  c: DigestToSend,
  asks: Map<string, DigestAsk>,
  reader: ReaderSkills = [],
): { text: string; blocks: KnownBlock[] } | null {
  const open = (id: string) => {
    const ask = asks.get(id);
    return ask?.status === 'open' ? ask : undefined;
  };
  const matches = c.matches.flatMap((m) => {
    const found = open(m.askId);
    // A channel made private (or archived) since the week was planned: its asks stay inside it.
    const ask = found?.isPrivate ? undefined : found;
    return ask ? [{ ask, skill: reader.find((name) => ask.skills.includes(name)) }] : [];
  });
  const own = c.own.flatMap((o) => {
    const ask = open(o.askId);
    return ask ? [{ ...o, ask }] : [];
  });
  if (matches.length + own.length === 0) return null;
  const blocks: KnownBlock[] = [{ type: 'header', text: { type: 'plain_text', text: 'Your week on Who Can Help' } }];
  if (matches.length) {
    blocks.push(section(c.noSkills ? '*New asks this week*' : '*Asks that match what you know or want to learn*'));
    for (const { ask, skill } of matches) {
      const why = skill ? `Matches your *${escapeMrkdwn(skill)}* · ` : '';
      blocks.push({
        type: 'section',
        text: {
          type: 'mrkdwn',
          text:
            `${askerLabel(ask)} asks: “${escapedPreview(ask.text, 280)}”\n` +
            `${why}${link(ask.permalink, 'View the ask')}`,
        },
        accessory: {
          type: 'button',
          action_id: ACTIONS.volunteer,
          text: { type: 'plain_text', text: 'I can help' },
          accessibility_label: labelFor('I can help with', ask.text),
          value: ask.id,
        },
      });
      // An entry that matched them offers *Not my area* and *Snooze*, as every match notice does.
      if (!c.noSkills) blocks.push(noticeControls(ask.id));
    }
    if (c.moreMatches > 0)
      blocks.push(context(`…and ${c.moreMatches} more${c.askChannel ? ` in <#${c.askChannel}>` : ''}.`));
    else if (c.noSkills && c.askChannel) blocks.push(context(`Every ask is in <#${c.askChannel}>.`));
  }
  if (own.length) {
    blocks.push(section('*Your open asks: news since your last digest*'));
    const lines = own.map(
      (o) =>
        `• ${link(o.ask.permalink, `“${escapedPreview(o.ask.text, 80)}”`)}: ` +
        `${plural(o.volunteers, 'volunteer')}, ${plural(o.replies, 'reply', 'replies')}`,
    );
    if (c.moreOwn > 0) lines.push(`…and ${c.moreOwn} more.`);
    blocks.push(section(lines.join('\n')));
  }
  if (c.noSkills)
    blocks.push(context("Tell me what you're good at with `/skills add …` and the asks that need you will find you."));
  blocks.push({
    type: 'actions',
    elements: [
      {
        type: 'button',
        action_id: ACTIONS.stopDigest,
        text: { type: 'plain_text', text: 'Stop these' },
        value: 'stop',
      },
      {
        type: 'button',
        action_id: ACTIONS.pauseDigest,
        text: { type: 'plain_text', text: 'Pause 4 weeks' },
        value: 'pause',
      },
    ],
  });
  const summary = [
    matches.length && `${plural(matches.length + c.moreMatches, 'ask')} for you`,
    own.length && `${plural(own.length + c.moreOwn, 'open ask')} of yours`,
  ]
    .filter(Boolean)
    .join(', ');
  return { text: `Your week on Who Can Help: ${summary}.`, blocks };
}
