/**
 * Who an ask's asker (or resolver) becomes once they asked to be forgotten and chose to keep their
 * asks anonymised. No Slack user has this id, so nothing can ever reach it or resolve it to a name.
 */
export const FORMER_COLLEAGUE = 'UFORMERCOLLEAGUE';

/** How a person is named in a message: a mention, or "a former colleague" for the anonymised. */
export const personRef = (userId: string, capital = false): string =>
  userId === FORMER_COLLEAGUE ? `${capital ? 'A' : 'a'} former colleague` : `<@${userId}>`;
