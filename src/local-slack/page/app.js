// The local workspace's page: one colleague at a time sees the channels, their DMs with the bot,
// threads, the Home tab and modals, all drawn from what the bot sent. Live through server-sent events.
import { h, renderBlocks } from './blocks.js';
import { composer, message } from './messages.js';
import { $, blockContext, dmName, placeName, post, toast, ui } from './state.js';

function openThread(m) {
  ui.thread = { channel: m.channel, ts: m.ts };
  ui.drawn.thread = undefined;
  draw();
}

function drawSidebar() {
  const s = ui.state;
  const item = (label, place, active) =>
    h(`button.place${active ? '.active' : ''}`, { type: 'button', onclick: () => go(place) }, label);
  $('sidebar').replaceChildren(
    h('h4', {}, 'Apps'),
    item('🏠 Who Can Help · Home', { kind: 'home' }, ui.place.kind === 'home'),
    h('h4', {}, 'Channels'),
    ...s.channels.map((c) => item(`# ${c.name}`, { kind: 'channel', id: c.id }, ui.place.id === c.id)),
    h('h4', {}, 'Direct messages'),
    ...s.dms.map((id) => item(dmName(id), { kind: 'channel', id }, ui.place.id === id)),
  );
}

function go(place) {
  ui.place = place;
  ui.thread = undefined;
  ui.drawn = {};
  if (place.kind === 'home') post({ kind: 'home' });
  draw();
}

/** Redraws only what changed, so typing in a form or the composer is never wiped by an update elsewhere. */
function region(key, value, paint) {
  const json = JSON.stringify(value);
  if (ui.drawn[key] === json) return;
  ui.drawn[key] = json;
  paint();
}

function drawMain() {
  const s = ui.state;
  const main = $('main');
  if (ui.place.kind === 'home') {
    region('main', ['home', s.home], () => {
      const act = (action) => post({ kind: 'press-view', viewId: s.home.id, values: {}, action });
      main.replaceChildren(
        h('h2', {}, 'Who Can Help · Home'),
        s.home
          ? h('div.home', {}, renderBlocks(s.home.view.blocks, blockContext(act, { viewId: s.home.id })))
          : h('p.muted', {}, 'Opening…'),
      );
    });
    return;
  }
  const id = ui.place.id;
  const top = s.messages.filter((m) => m.channel === id && (!m.thread_ts || m.thread_ts === m.ts));
  const threads = s.messages.filter((m) => m.channel === id && m.thread_ts && m.thread_ts !== m.ts).map((m) => m.ts);
  if (ui.drawn.place !== id) {
    ui.drawn.place = id;
    const hint = id.startsWith('D') ? 'Message Who Can Help' : `Message ${placeName(id)}: try /ask or /skills`;
    main.replaceChildren(
      h('h2', {}, placeName(id)),
      h('div.messages', { id: 'messages' }),
      composer(hint, (text) => post({ kind: 'type', channel: id, text })),
    );
  }
  region('messages', [id, top, threads], () => {
    const list = $('messages');
    list.replaceChildren(
      ...(top.length ? top.map((m) => message(m, false, openThread)) : [h('p.muted', {}, 'No messages yet.')]),
    );
    list.scrollTop = list.scrollHeight;
  });
}

function drawThread() {
  const pane = $('thread');
  const t = ui.thread;
  const parent = t && ui.state.messages.find((m) => m.channel === t.channel && m.ts === t.ts);
  pane.hidden = !parent;
  if (!parent) return;
  const replies = ui.state.messages.filter((m) => m.channel === t.channel && m.thread_ts === t.ts && m.ts !== t.ts);
  if (ui.drawn.threadOf !== t.ts) {
    ui.drawn.threadOf = t.ts;
    pane.replaceChildren(
      h(
        'h3',
        {},
        'Thread ',
        h(
          'button.link',
          {
            type: 'button',
            onclick: () => {
              ui.thread = undefined;
              draw();
            },
          },
          'Close',
        ),
      ),
      h('div.messages', { id: 'thread-messages' }),
      composer('Reply…', (text) => post({ kind: 'type', channel: t.channel, thread: t.ts, text })),
    );
  }
  region('thread', [parent, replies], () => {
    $('thread-messages').replaceChildren(
      message(parent, true, openThread),
      h('hr'),
      ...replies.map((m) => message(m, true, openThread)),
    );
  });
}

function drawModal() {
  const box = $('modal');
  const open = ui.state.modal;
  box.hidden = !open;
  region('modal', open ?? null, () => {
    if (!open) return box.replaceChildren();
    const form = new Map();
    const values = () => {
      const out = {};
      for (const [blockId, { actionId, state }] of form) out[blockId] = { [actionId]: state() };
      return out;
    };
    const act = (action) => post({ kind: 'press-view', viewId: open.id, values: values(), action });
    const view = open.view;
    box.replaceChildren(
      h(
        'form.dialog',
        {
          onsubmit: (e) => {
            e.preventDefault();
            post({ kind: 'submit', values: values() });
          },
        },
        h('h2', {}, view.title?.text ?? ''),
        renderBlocks(view.blocks, blockContext(act, { viewId: open.id, form, errors: open.errors })),
        h(
          'div.buttons',
          {},
          h('button', { type: 'button', onclick: () => post({ kind: 'close' }) }, view.close?.text ?? 'Cancel'),
          view.submit ? h('button.primary', { type: 'submit' }, view.submit.text) : null,
        ),
      ),
    );
  });
}

function draw() {
  if (!ui.state) return;
  if (!ui.place.id && ui.place.kind === 'channel') ui.place.id = ui.state.channels[0].id;
  $('starting').hidden = ui.state.ready;
  drawSidebar();
  drawMain();
  drawThread();
  drawModal();
}

let pending;
async function refresh() {
  const res = await fetch(`/api/state?as=${encodeURIComponent(ui.as)}`);
  if (!res.ok) return;
  ui.state = await res.json();
  draw();
}
const soon = () => {
  clearTimeout(pending);
  pending = setTimeout(refresh, 30);
};

async function start() {
  const first = await (await fetch(`/api/state?as=${encodeURIComponent(ui.as)}`)).json();
  ui.as = first.me;
  const select = $('person');
  for (const p of first.people)
    select.append(
      h('option', { value: p.id, selected: p.id === ui.as }, `${p.name} · ${p.title}${p.admin ? ' (admin)' : ''}`),
    );
  select.addEventListener('change', () => {
    ui.as = select.value;
    localStorage.setItem('as', ui.as);
    if (ui.place.id?.startsWith('D')) ui.place = { kind: 'channel', id: `D${ui.as}` };
    ui.drawn = {};
    ui.thread = undefined;
    if (ui.place.kind === 'home') post({ kind: 'home' });
    refresh();
  });
  $('digest').addEventListener('click', async () => {
    toast('Running the weekly digest…');
    const { report } = await post({ kind: 'digest' });
    if (report)
      toast(`Weekly digest (${report.week}): ${report.sent} sent${report.sent ? '' : ' (it goes out once a week)'}.`);
  });
  new EventSource('/api/events').addEventListener('change', soon);
  // A link to a message opens its channel, and its thread when it is one.
  document.addEventListener('click', (e) => {
    const link = e.target.closest?.('a.permalink');
    if (!link) return;
    e.preventDefault();
    const { channel, ts } = link.dataset;
    go({ kind: 'channel', id: channel });
    const target = ui.state.messages.find((m) => m.channel === channel && m.ts === ts);
    if (target) openThread(target.thread_ts && target.thread_ts !== ts ? { channel, ts: target.thread_ts } : target);
  });
  ui.state = first;
  draw();
}

start();
