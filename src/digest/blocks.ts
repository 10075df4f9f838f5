import { ACTIONS } from '../slack/ids';
import { escapeMrkdwn, escapedPreview } from '../slack/mrkdwn';
import type { DigestContent } from './content';

import { context, type KnownBlock, plural, section } from '../slack/blocks';

const link = (permalink: string | null, label: string) => (permalink ? `<${permalink}|${label}>` : label);

/** One person's weekly digest: at most ~30 blocks whatever the content. */
export function digestMessage(c: DigestContent): { text: string; blocks: KnownBlock[] } {
  const blocks: KnownBlock[] = [{ type: 'header', text: { type: 'plain_text', text: 'Your week on Who Can Help' } }];
  if (c.matches.length) {
    blocks.push(section(c.noSkills ? '*New asks this week*' : '*Asks that match what you know or want to learn*'));
    for (const m of c.matches) {
      const why = m.skill ? `Matches your *${escapeMrkdwn(m.skill)}* · ` : '';
      blocks.push({
        type: 'section',
        text: { type: 'mrkdwn', text: `<@${m.askerId}> asks: “${escapedPreview(m.text, 280)}”\n${why}${link(m.permalink, 'View the ask')}` },
        accessory: { type: 'button', action_id: ACTIONS.volunteer, text: { type: 'plain_text', text: 'I can help' }, value: m.askId },
      });
    }
    if (c.moreMatches > 0) blocks.push(context(`…and ${c.moreMatches} more${c.askChannel ? ` in <#${c.askChannel}>` : ''}.`));
    else if (c.noSkills && c.askChannel) blocks.push(context(`Every ask is in <#${c.askChannel}>.`));
  }
  if (c.own.length) {
    blocks.push(section('*Your open asks*'));
    const lines = c.own.map(
      (o) => `• ${link(o.permalink, `“${escapedPreview(o.text, 80)}”`)}: ${plural(o.volunteers, 'volunteer')}, ${plural(o.replies, 'reply', 'replies')}`,
    );
    if (c.moreOwn > 0) lines.push(`…and ${c.moreOwn} more.`);
    blocks.push(section(lines.join('\n')));
  }
  if (c.noSkills) blocks.push(context("Tell me what you're good at with `/skills add …` and the asks that need you will find you."));
  blocks.push({
    type: 'actions',
    elements: [{ type: 'button', action_id: ACTIONS.stopDigest, text: { type: 'plain_text', text: 'Stop these' }, value: 'stop' }],
  });
  const summary = [c.matches.length && `${plural(c.matches.length + c.moreMatches, 'ask')} match you`, c.own.length && `${plural(c.own.length + c.moreOwn, 'open ask')} of yours`]
    .filter(Boolean)
    .join(', ');
  return { text: `Your week on Who Can Help: ${summary}.`, blocks };
}
