import type { types } from '@slack/bolt';

export type KnownBlock = types.KnownBlock;
export type View = types.View;

export const section = (text: string): KnownBlock => ({ type: 'section', text: { type: 'mrkdwn', text } });
export const context = (text: string): KnownBlock => ({ type: 'context', elements: [{ type: 'mrkdwn', text }] });
export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
export const mentions = (ids: string[]) => ids.map((id) => `<@${id}>`).join(', ');

/** At most `max` mentions, then "and N more", so a long list never outgrows a message. */
export function someMentions(ids: string[], max: number): string {
  const more = ids.length - max;
  return `${mentions(ids.slice(0, max))}${more > 0 ? ` and ${more} more` : ''}`;
}

/** A reply only the person who acted sees, leaving the message they acted on alone. */
export const EPHEMERAL = { response_type: 'ephemeral', replace_original: false } as const;
