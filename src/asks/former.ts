import type { Notice } from '../runtime/outbox-queries.js';

/**
 * Who an ask's asker (or resolver) becomes once they asked to be forgotten and chose to keep their
 * asks anonymised. No Slack user has this id, so nothing can ever reach it or resolve it to a name.
 */
export const FORMER_COLLEAGUE = 'UFORMERCOLLEAGUE';

/** How a person is named in a message: a mention, or "a former colleague" for the anonymised. */
export const personRef = (userId: string, capital = false): string =>
  userId === FORMER_COLLEAGUE ? `${capital ? 'A' : 'a'} former colleague` : `<@${userId}>`;

/**
 * A DM to an ask's asker, as a notice to owe; none when the asker asked to be forgotten (there
 * is nobody to tell). `key`: owed once, however often.
 */
export function toAsker(ask: { askerId: string }, text: string, key?: string, blocks?: unknown[]): Notice[] {
  if (ask.askerId === FORMER_COLLEAGUE) return [];
  return [
    {
      kind: 'message',
      key,
      message: { channel: ask.askerId, text, unfurl_links: false, ...(blocks ? { blocks } : {}) },
    },
  ];
}
