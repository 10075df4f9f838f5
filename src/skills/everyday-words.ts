/**
 * Words that name a catalogue skill ("Policy", "Team socials") but in an ask usually mean something
 * else: "the travel expense policy", "the social team", "press the button". A skill found in an ask
 * only by such a word (its other words everyday ones, GENERIC_WORDS) is held back until the asker
 * says it is what they meant: it is neither shown on the broadcast nor used to tell anyone.
 * Stemmed by PostgreSQL as the text is.
 */
export const EVERYDAY_WORDS = [
  'policy policies social socials react rust swift unity reception',
  'docs slides reward cargo security',
].join(' ');
