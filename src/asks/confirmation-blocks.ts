import type { Button } from '@slack/types';
import { type KnownBlock, mentions, plural, section } from '../slack/blocks.js';
import { ACTIONS } from '../slack/ids.js';
import { escapeMrkdwn } from '../slack/mrkdwn.js';
import type { Ask } from './queries.js';

/** At most this many held skills are offered (a block each): more would crowd the confirmation. */
export const HELD_SHOWN = 3;

export interface ConfirmationFacts {
  /** The sentence saying where the ask went (postedConfirmation), with any "asked before" line. */
  lead: string;
  ask: Pick<Ask, 'id' | 'skills' | 'heldSkills' | 'isPrivate'>;
  /** The people told of the ask, best first. */
  told: string[];
}

/** The value of an Add it / No button: the ask and the held skill's name. */
export const heldValue = (askId: string, name: string) => `${askId}:${name}`;

export function readHeldValue(value: string): { askId: string; name: string } {
  const at = value.indexOf(':');
  return { askId: value.slice(0, at), name: value.slice(at + 1) };
}

const button = (action_id: string, text: string, value: string, style?: 'primary'): Button => ({
  type: 'button',
  action_id,
  text: { type: 'plain_text', text },
  value,
  ...(style ? { style } : {}),
});

/** "Told 3 people whose skills match: @a, @b, @c"; a private channel's matches are counted, never named. */
export function toldLine(told: string[], isPrivate: boolean): string {
  if (told.length === 0) return 'Nobody was told yet: nobody has said they have these skills.';
  const who = `Told ${plural(told.length, 'person', 'people')} whose skills match`;
  return isPrivate ? `${who} (in its thread).` : `${who}: ${mentions(told)}.`;
}

/** One held skill: the asker adds it (and its people are told) or drops it. */
export function heldBlocks(askId: string, name: string, i: number): KnownBlock[] {
  return [
    section(
      `I also think this might be about *${escapeMrkdwn(name)}*, but only from an everyday word, ` +
        "so I haven't shown it or told anyone about it.",
    ),
    {
      type: 'actions',
      block_id: `held_${i}`,
      elements: [
        button(ACTIONS.addHeldSkill, 'Add it', heldValue(askId, name), 'primary'),
        button(ACTIONS.dropHeldSkill, 'No', heldValue(askId, name)),
      ],
    },
  ];
}

/**
 * What the asker sees once their ask is out: where it went, the skills found in it, who was told,
 * the skills held for their OK, and *Edit skills*. Names are shown to the asker alone (ephemeral).
 */
export function askConfirmation(f: ConfirmationFacts): { text: string; blocks: KnownBlock[] } {
  const skills = f.ask.skills.length
    ? `*Skills:* ${f.ask.skills.map((s) => escapeMrkdwn(s)).join(', ')}`
    : '*Skills:* none found in your words';
  const blocks: KnownBlock[] = [
    section(f.lead),
    section(`${skills}\n${toldLine(f.told, f.ask.isPrivate)}`),
    ...f.ask.heldSkills.slice(0, HELD_SHOWN).flatMap((name, i) => heldBlocks(f.ask.id, name, i)),
    {
      type: 'actions',
      block_id: 'ask_confirmation',
      elements: [button(ACTIONS.editAskSkills, 'Edit skills', f.ask.id)],
    },
  ];
  return { text: f.lead, blocks };
}
