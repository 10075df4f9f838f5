/** Escapes user text for mrkdwn so <!channel>, <!here>, <!everyone>, <!subteam^…> and <@U…> never ping. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Splits user text into escaped pieces of at most `max` characters each, never cutting an escape
 * entity or a surrogate pair, so each piece fits one Block Kit section.
 */
export function escapedChunks(text: string, max = 2900): string[] {
  const chunks: string[] = [];
  let current = '';
  for (const char of text) {
    const piece = escapeMrkdwn(char);
    if (current.length + piece.length > max) {
      chunks.push(current);
      current = '';
    }
    current += piece;
  }
  if (current) chunks.push(current);
  return chunks;
}

/** Escaped and cut to `max` characters of the original, with an ellipsis when cut. */
export function escapedPreview(text: string, max: number): string {
  const chars = [...text.replace(/\s+/g, ' ').trim()];
  const cut = chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : chars.join('');
  return escapeMrkdwn(cut);
}

/**
 * Slack sends a typed &, < and > as entities; this gives back what the person typed, less NULs
 * (PostgreSQL cannot store them).
 */
export function decodeEntities(text: string): string {
  return text.replaceAll('\0', '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}
