import { escapedPreview } from '../slack/mrkdwn.js';
import type { Kind } from './queries.js';

/**
 * Who is told of an ask as it goes out: people whose skills match. People who only want to learn
 * it hear of it in their weekly digest (or, when nobody has offered, by DM), never named in public.
 */
export const TOLD_AT_ONCE: Kind[] = ['skill'];

/** How people hear of asks, in `/skills` help. */
export const HOW_YOU_HEAR =
  "• How you hear of asks: when your *skills* match, a DM or a mention in the ask's thread that quotes it; " +
  'asks that match only your *interests* come in your weekly digest';

/** The ask quoted atop a thread mention: the notification people get then says what is asked. */
export const quotedAsk = (ask: { text: string }) => `> “${escapedPreview(ask.text, 200)}”`;
