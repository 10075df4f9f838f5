// Slack's mrkdwn as HTML: the text arrives with &, < and > escaped by the bot, and <…> marking
// links, mentions and special words. Everything else is escaped before any markup is added.

/** The shortcodes the bot and people use most; any other shows as its :name:. */
const EMOJI = {
  raising_hand: '🙋',
  wave: '👋',
  mag: '🔍',
  mega: '📣',
  tada: '🎉',
  white_check_mark: '✅',
  heavy_check_mark: '✔️',
  x: '❌',
  warning: '⚠️',
  bell: '🔔',
  no_bell: '🔕',
  calendar: '📅',
  spiral_calendar_pad: '🗓️',
  hourglass: '⌛',
  hourglass_flowing_sand: '⏳',
  clock: '🕐',
  bulb: '💡',
  star: '⭐',
  sparkles: '✨',
  pray: '🙏',
  thumbsup: '👍',
  '+1': '👍',
  heart: '❤️',
  raised_hands: '🙌',
  handshake: '🤝',
  speech_balloon: '💬',
  memo: '📝',
  pencil: '✏️',
  pencil2: '✏️',
  books: '📚',
  book: '📖',
  mailbox: '📫',
  email: '📧',
  envelope: '✉️',
  inbox_tray: '📥',
  outbox_tray: '📤',
  lock: '🔒',
  busts_in_silhouette: '👥',
  bust_in_silhouette: '👤',
  seedling: '🌱',
  trophy: '🏆',
  medal: '🏅',
  chart_with_upwards_trend: '📈',
  bar_chart: '📊',
  information_source: 'ℹ️',
  question: '❓',
  eyes: '👀',
  zzz: '💤',
  sleeping: '😴',
  smile: '😄',
  slightly_smiling_face: '🙂',
  rocket: '🚀',
  fire: '🔥',
  hammer_and_wrench: '🛠️',
  link: '🔗',
  pushpin: '📌',
  arrow_right: '➡️',
  no_entry_sign: '🚫',
  new: '🆕',
  package: '📦',
  gift: '🎁',
  mortar_board: '🎓',
  spotlight: '🔦',
  flashlight: '🔦',
  world_map: '🗺️',
  broom: '🧹',
  leftwards_arrow_with_hook: '↩️',
};

export const emoji = (name) => EMOJI[name] ?? `:${name}:`;

const escapeHtml = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
/** The bot's escaping undone, so that escapeHtml shows what it meant. */
const unescapeSlack = (s) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
const safeUrl = (url) => (/^(https?:|mailto:)/i.test(url) ? url : undefined);

export function escapeText(text) {
  return escapeHtml(unescapeSlack(String(text ?? '')));
}

function withEmoji(html) {
  return html.replace(/:([a-z0-9_+'-]+):/g, (all, name) => (EMOJI[name] ? EMOJI[name] : all));
}

/** One <…> token: a user or channel mention, a special mention (shown, never live), or a link. */
function token(inner, names) {
  const [target, label] = inner.split('|', 2).map((s) => s ?? '');
  if (target.startsWith('@')) {
    const id = target.slice(1);
    return `<span class="mention">@${escapeText(label || names.person(id))}</span>`;
  }
  if (target.startsWith('#')) {
    const id = target.slice(1);
    return `<span class="mention">#${escapeText(label || names.channel(id))}</span>`;
  }
  if (target.startsWith('!')) {
    const word = target.slice(1).split('^')[0];
    return `<span class="mention special">${escapeText(label || `@${word}`)}</span>`;
  }
  const url = safeUrl(unescapeSlack(target));
  if (!url) return escapeText(label || target);
  // A link to a message (chat.getPermalink) stays on the page: the local Slack has no web address.
  const permalink = /^https:\/\/[\w.-]+\.slack\.com\/archives\/([A-Z0-9]+)\/p(\d+)(\d{6})(?:\?|$)/.exec(url);
  if (permalink) {
    const [, channel, seconds, micros] = permalink;
    const where = `data-channel="${channel}" data-ts="${seconds}.${micros}"`;
    return `<a href="#" class="permalink" ${where}>${escapeText(label || target)}</a>`;
  }
  return `<a href="${escapeHtml(url)}" target="_blank" rel="noreferrer">${escapeText(label || target)}</a>`;
}

function inline(text, names) {
  // Tokens become placeholders first, so that *bold* around a mention still pairs up.
  const tokens = [];
  const marked = text.replace(/<([^<>]+)>/g, (_, inner) => `\uE000${tokens.push(token(inner, names)) - 1}\uE000`);
  return style(escapeText(marked)).replace(/\uE000(\d+)\uE000/g, (_, i) => tokens[Number(i)]);
}

function style(html) {
  return withEmoji(
    html
      .replace(/`([^`\n]+)`/g, '<code>$1</code>')
      .replace(/(^|[\s(])\*([^*\n]+)\*(?=$|[\s).,!?:;])/g, '$1<b>$2</b>')
      .replace(/(^|[\s(])_([^_\n]+)_(?=$|[\s).,!?:;])/g, '$1<i>$2</i>')
      .replace(/(^|[\s(])~([^~\n]+)~(?=$|[\s).,!?:;])/g, '$1<s>$2</s>'),
  );
}

/** mrkdwn as HTML: code blocks, quotes, then inline markup line by line. */
export function mrkdwn(text, names) {
  const blocks = String(text ?? '').split(/```/);
  return blocks
    .map((chunk, i) => {
      if (i % 2 === 1) return `<pre>${escapeText(chunk.replace(/^\n|\n$/g, ''))}</pre>`;
      return chunk
        .split('\n')
        .map((line) => {
          const quote = /^>\s?(.*)$/.exec(line);
          return quote ? `<blockquote>${inline(quote[1], names)}</blockquote>` : inline(line, names);
        })
        .join('<br>')
        .replace(/<\/blockquote><br>/g, '</blockquote>');
    })
    .join('');
}

/** A text object (plain_text or mrkdwn) as HTML. */
export function textObject(t, names) {
  if (!t) return '';
  if (t.type === 'mrkdwn') return mrkdwn(t.text, names);
  return t.emoji === false ? escapeHtml(String(t.text ?? '')) : withEmoji(escapeHtml(String(t.text ?? '')));
}
