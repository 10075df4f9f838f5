/** Slack's limit on a button's `accessibility_label`. */
export const LABEL_MAX = 75;

/**
 * A screen reader's name for one of many identical buttons ("I can help with: we want to start a
 * blog…"), so a list of asks is not a list of "I can help, I can help". Plain text, not mrkdwn;
 * cut by UTF-16 length (as Slack counts) without splitting a surrogate pair.
 */
export function labelFor(action: string, subject: string): string {
  // < and > dropped: plain text cannot ping, but nothing that reads like <!channel> leaves the bot.
  const whole = `${action}: ${subject.replace(/[<>]/g, '').replace(/\s+/g, ' ').trim()}`;
  if (whole.length <= LABEL_MAX) return whole;
  let cut = '';
  for (const char of whole) {
    if (cut.length + char.length > LABEL_MAX - 1) break;
    cut += char;
  }
  return `${cut}…`;
}
