import { plural, someMentions } from '../slack/blocks.js';
import { escapedPreview } from '../slack/mrkdwn.js';
import type { SimilarAsk } from './similar.js';

/** Credited people named per earlier ask; the rest are counted. */
const CREDITED_SHOWN = 5;

const month = (d: Date) => d.toLocaleDateString('en-GB', { month: 'short', year: 'numeric', timeZone: 'UTC' });
const linked = (s: SimilarAsk, label: string) => (s.permalink ? `<${s.permalink}|${label}>` : label);

function state(s: SimilarAsk): string {
  const how = s.status === 'resolved' ? 'resolved' : plural(s.replies, 'reply', 'replies');
  return `${how}, ${month(s.createdAt)}`;
}

/** The one thread reply under a new ask listing earlier asks like it, and who helped with them. */
export function askedBeforeThread(similar: SimilarAsk[]): string {
  const lines = similar.map((s) => {
    const who = s.credited.length ? `: helped by ${someMentions(s.credited, CREDITED_SHOWN)}` : '';
    return `• ${linked(s, `“${escapedPreview(s.text, 120)}”`)} (${state(s)})${who}`;
  });
  return [':books: *Asked before:* similar asks, and who helped with them', ...lines].join('\n');
}

/** Added to the asker's confirmation: where to look while they wait. */
export function askedBeforeLine(similar: SimilarAsk[]): string {
  if (similar.length === 0) return '';
  const links = similar.map((s, i) => linked(s, `“${escapedPreview(s.text, 60)}”`) || `ask ${i + 1}`);
  return ` Asked before: ${links.join(', ')}; I've put them in its thread.`;
}
