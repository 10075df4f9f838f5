// A message as Slack shows it (its blocks, files, reactions, thread link, ephemeral marks) and the composer.
import { h, renderBlocks } from './blocks.js';
import { emoji, mrkdwn } from './mrkdwn.js';
import { blockContext, initials, names, post, ui } from './state.js';

export function message(m, inThread, openThread) {
  const me = ui.as;
  const replies = ui.state.messages.filter((r) => r.channel === m.channel && r.thread_ts === m.ts && r.ts !== m.ts);
  const act = (action) => post({ kind: 'press', channel: m.channel, ts: m.ts, action });
  const body = m.blocks?.length
    ? renderBlocks(m.blocks, blockContext(act))
    : h('div.text', { html: mrkdwn(m.text, names) });
  const react = (name, removed) => post({ kind: 'react', channel: m.channel, ts: m.ts, name, removed });
  const reactions = Object.entries(m.reactions ?? {}).map(([name, who]) =>
    h(
      `button.reaction${who.includes(me) ? '.mine' : ''}`,
      { type: 'button', title: who.map(names.person).join(', '), onclick: () => react(name, who.includes(me)) },
      `${emoji(name)} ${who.length}`,
    ),
  );
  const volunteer = ui.state.reaction;
  const tools = m.onlyFor
    ? [
        h('span.muted', {}, 'Only visible to you · '),
        h('button.link', { type: 'button', onclick: () => post({ kind: 'dismiss', ts: m.ts }) }, 'Dismiss'),
      ]
    : [
        h(
          'button.tool',
          {
            type: 'button',
            'aria-label': `React with :${volunteer}:`,
            title: `React with :${volunteer}:`,
            onclick: () => react(volunteer, false),
          },
          `${emoji(volunteer)} +`,
        ),
        inThread
          ? null
          : h(
              'button.link',
              { type: 'button', onclick: () => openThread(m) },
              replies.length ? `${replies.length} ${replies.length === 1 ? 'reply' : 'replies'}` : 'Reply in thread',
            ),
      ];
  const files = (m.files ?? []).map((f) =>
    /\.(png|svg)$/i.test(f.name)
      ? h(
          'figure',
          {},
          h('img', { src: `/files/${f.id}`, alt: f.title ?? f.name }),
          h('figcaption', {}, f.title ?? f.name),
        )
      : h('a.file', { href: `/files/${f.id}`, download: f.name }, `📎 ${f.title ?? f.name}`),
  );
  const who = names.person(m.user);
  return h(
    `article.message${m.onlyFor ? '.ephemeral' : ''}`,
    { 'data-ts': m.ts },
    h(`div.avatar${m.user === ui.state.bot ? '.bot' : ''}`, {}, m.user === ui.state.bot ? '🤝' : initials(who)),
    h(
      'div.content',
      {},
      h(
        'div.meta',
        {},
        h('b', {}, who),
        m.user === ui.state.bot ? h('span.badge', {}, 'APP') : null,
        h('time', {}, new Date(m.at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })),
      ),
      body,
      files,
      h('div.reactions', {}, reactions, tools),
    ),
  );
}

export function composer(placeholder, send) {
  const box = h('textarea', { rows: 2, placeholder, 'aria-label': placeholder });
  const go = async () => {
    const text = box.value.trim();
    if (!text) return;
    box.value = '';
    await send(text);
  };
  box.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey) {
      e.preventDefault();
      go();
    }
  });
  return h(
    'form.composer',
    {
      onsubmit: (e) => {
        e.preventDefault();
        go();
      },
    },
    box,
    h('button.primary', { type: 'submit' }, 'Send'),
  );
}
