// Block Kit as HTML, generically: whatever blocks the bot sends are drawn from their JSON, and
// every interactive element reports its state the way Slack's payloads do.
import { mrkdwn, textObject } from './mrkdwn.js';

/** A DOM element: h('button.primary', { onclick }, child, …). */
export function h(tag, props = {}, ...children) {
  const [name, ...classes] = tag.split('.');
  const el = document.createElement(name);
  if (classes.length) el.className = classes.join(' ');
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
    else if (key === 'html') el.innerHTML = value;
    else if (key in el && key !== 'list') el[key] = value;
    else el.setAttribute(key, value === true ? '' : value);
  }
  for (const child of children.flat()) if (child != null && child !== false) el.append(child);
  return el;
}

const text = (t, ctx) => h('span', { html: textObject(t, ctx.names) });
const plain = (t) => (typeof t?.text === 'string' ? t.text : '');
const optionsOf = (el) => el.options ?? (el.option_groups ?? []).flatMap((g) => g.options ?? []);
const option = (o) => o && { text: o.text, value: o.value };
/** An image by URL, or a file the bot uploaded (slack_file), served by the demo itself. */
const imageSrc = (i) =>
  i.image_url ?? (i.slack_file?.id ? `/files/${encodeURIComponent(i.slack_file.id)}` : i.slack_file?.url);

/** Asks before acting when the element carries a confirm dialog; resolves true to go ahead. */
function confirmFirst(confirm, ctx) {
  if (!confirm) return Promise.resolve(true);
  return new Promise((resolve) => {
    const close = (yes) => {
      dialog.close();
      dialog.remove();
      resolve(yes);
    };
    const dialog = h(
      'dialog.confirm',
      {},
      h('h3', {}, plain(confirm.title) || 'Are you sure?'),
      h('div', { html: textObject(confirm.text, ctx.names) }),
      h(
        'div.buttons',
        {},
        h('button', { onclick: () => close(false) }, plain(confirm.deny) || 'Cancel'),
        h(
          `button.${confirm.style === 'danger' ? 'danger' : 'primary'}`,
          { onclick: () => close(true) },
          plain(confirm.confirm) || 'Yes',
        ),
      ),
    );
    document.body.append(dialog);
    dialog.showModal();
  });
}

/** A type-ahead picker (external and multi selects): chips, a query box and a list to choose from. */
function picker({ multi, initial, load, placeholder, onChange }) {
  let chosen = initial ?? [];
  const chips = h('span.chips');
  const list = h('ul.choices');
  const query = h('input', { type: 'text', placeholder: placeholder || 'Type to search', autocomplete: 'off' });
  const drawChips = () => {
    chips.replaceChildren(
      ...chosen.map((o) =>
        h(
          'span.chip',
          {},
          plain(o.text),
          h('button.x', { type: 'button', title: 'Remove', onclick: () => pick(o, true) }, '×'),
        ),
      ),
    );
  };
  const pick = (o, removing) => {
    chosen = removing
      ? chosen.filter((c) => c.value !== o.value)
      : multi
        ? [...chosen.filter((c) => c.value !== o.value), o]
        : [o];
    drawChips();
    list.replaceChildren();
    query.value = '';
    onChange?.();
  };
  const refresh = async () => {
    const found = await load(query.value);
    list.replaceChildren(
      ...found.slice(0, 100).map((o) =>
        h(
          'li',
          {
            onmousedown: (e) => {
              e.preventDefault();
              pick(o);
            },
          },
          plain(o.text),
        ),
      ),
    );
  };
  query.addEventListener('input', refresh);
  query.addEventListener('focus', refresh);
  query.addEventListener('blur', () => setTimeout(() => list.replaceChildren(), 150));
  drawChips();
  return { el: h('div.picker', {}, chips, query, list), get: () => chosen };
}

const staticLoad = (options) => async (q) =>
  options.filter((o) => plain(o.text).toLowerCase().includes(q.toLowerCase()));

/** One interactive element: its control, and its state as Slack reports it (selected_option and so on). */
function element(el, blockId, ctx, fire) {
  const type = el.type;
  const changed = () => fire?.();
  const select = (choices, initial, none = el.placeholder ? plain(el.placeholder) : 'Choose…') => {
    const s = h('select', { onchange: changed }, h('option', { value: '' }, none));
    for (const c of choices) s.append(h('option', { value: c.value, selected: c.value === initial }, c.label));
    return s;
  };
  const people = ctx.people.map((p) => ({ value: p.id, label: p.name, text: { type: 'plain_text', text: p.name } }));
  const channels = ctx.channels.map((c) => ({
    value: c.id,
    label: `#${c.name}`,
    text: { type: 'plain_text', text: `#${c.name}` },
  }));
  const byValue = (list) => (v) => list.find((o) => o.value === v);
  switch (type) {
    case 'button': {
      const b = h(`button.${el.style ?? 'default'}`, { type: 'button' }, text(el.text, ctx));
      b.addEventListener('click', async () => {
        if (el.url) window.open(el.url, '_blank', 'noreferrer');
        if (await confirmFirst(el.confirm, ctx)) fire?.({ value: el.value, text: el.text });
      });
      return { el: b, state: () => ({ type }) };
    }
    case 'overflow': {
      const s = select(
        optionsOf(el).map((o) => ({ value: o.value, label: plain(o.text) })),
        undefined,
        '⋯',
      );
      const state = () => ({ type, selected_option: option(optionsOf(el).find((o) => o.value === s.value)) });
      s.addEventListener('change', async () => (await confirmFirst(el.confirm, ctx)) && fire?.(state()));
      return { el: s, state };
    }
    case 'static_select':
    case 'radio_buttons': {
      const all = optionsOf(el);
      const s = select(
        all.map((o) => ({ value: o.value, label: plain(o.text) })),
        el.initial_option?.value,
      );
      return { el: s, state: () => ({ type, selected_option: option(all.find((o) => o.value === s.value)) ?? null }) };
    }
    case 'multi_static_select':
    case 'multi_external_select':
    case 'external_select': {
      const load =
        type === 'multi_static_select'
          ? staticLoad(optionsOf(el))
          : (q) =>
              (q?.length ?? 0) >= (el.min_query_length ?? 0)
                ? ctx.suggest(blockId, el.action_id, q)
                : Promise.resolve([]);
      const initial = el.initial_options ?? (el.initial_option ? [el.initial_option] : []);
      const p = picker({
        multi: type !== 'external_select',
        initial,
        load,
        placeholder: plain(el.placeholder),
        onChange: changed,
      });
      const state = () =>
        type === 'external_select'
          ? { type, selected_option: option(p.get()[0]) ?? null }
          : { type, selected_options: p.get().map(option) };
      return { el: p.el, state };
    }
    case 'users_select': {
      const s = select(people, el.initial_user);
      return { el: s, state: () => ({ type, selected_user: s.value || null }) };
    }
    case 'multi_users_select': {
      const initial = (el.initial_users ?? []).map(byValue(people)).filter(Boolean);
      const p = picker({
        multi: true,
        initial,
        load: staticLoad(people),
        placeholder: plain(el.placeholder),
        onChange: changed,
      });
      return { el: p.el, state: () => ({ type, selected_users: p.get().map((o) => o.value) }) };
    }
    case 'conversations_select':
    case 'channels_select': {
      const s = select(channels, el.initial_conversation ?? el.initial_channel);
      const key = type === 'channels_select' ? 'selected_channel' : 'selected_conversation';
      return { el: s, state: () => ({ type, [key]: s.value || null }) };
    }
    case 'multi_conversations_select':
    case 'multi_channels_select': {
      const initial = (el.initial_conversations ?? el.initial_channels ?? []).map(byValue(channels)).filter(Boolean);
      const p = picker({ multi: true, initial, load: staticLoad(channels), onChange: changed });
      const key = type === 'multi_channels_select' ? 'selected_channels' : 'selected_conversations';
      return { el: p.el, state: () => ({ type, [key]: p.get().map((o) => o.value) }) };
    }
    case 'datepicker':
    case 'timepicker': {
      const kind = type === 'datepicker' ? 'date' : 'time';
      const i = h('input', { type: kind, value: el[`initial_${kind}`] ?? '', onchange: changed });
      return { el: i, state: () => ({ type, [`selected_${kind}`]: i.value || null }) };
    }
    case 'checkboxes': {
      const initial = new Set((el.initial_options ?? []).map((o) => o.value));
      const boxes = optionsOf(el).map((o) => ({
        o,
        box: h('input', { type: 'checkbox', checked: initial.has(o.value), onchange: changed }),
      }));
      const list = h(
        'div.checks',
        {},
        boxes.map(({ o, box }) =>
          h('label', {}, box, text(o.text, ctx), o.description ? h('small', {}, plain(o.description)) : null),
        ),
      );
      return {
        el: list,
        state: () => ({ type, selected_options: boxes.filter((b) => b.box.checked).map((b) => option(b.o)) }),
      };
    }
    case 'plain_text_input':
    case 'email_text_input':
    case 'url_text_input':
    case 'number_input': {
      const props = { value: el.initial_value ?? '', placeholder: plain(el.placeholder), maxLength: el.max_length };
      const i = el.multiline
        ? h('textarea', { ...props, rows: 4 })
        : h('input', { ...props, type: type === 'number_input' ? 'number' : 'text' });
      if (el.dispatch_action_config || fire) i.addEventListener('change', changed);
      return { el: i, state: () => ({ type, value: i.value || null }) };
    }
    case 'image':
      return { el: h('img.thumb', { src: imageSrc(el), alt: el.alt_text ?? '' }), state: () => ({ type }) };
    default:
      return { el: h('span.unsupported', {}, `[${type}]`), state: () => ({ type }) };
  }
}

/** An element that acts at once (a button, a menu in an actions block): its changes reach the bot. */
function live(el, blockId, ctx) {
  const actionId = el.action_id ?? `${el.type}-${blockId}`;
  let made;
  const fire = (extra = {}) => ctx.act({ ...made.state(), ...extra, action_id: actionId, block_id: blockId });
  made = element({ ...el, action_id: actionId }, blockId, ctx, fire);
  return made.el;
}

function block(b, i, ctx) {
  const blockId = b.block_id ?? `block-${i}`;
  switch (b.type) {
    case 'section':
      return h(
        'div.section',
        {},
        h(
          'div.section-body',
          {},
          b.text ? text(b.text, ctx) : null,
          b.fields?.length
            ? h(
                'div.fields',
                {},
                b.fields.map((f) => text(f, ctx)),
              )
            : null,
        ),
        b.accessory ? h('div.accessory', {}, live(b.accessory, blockId, ctx)) : null,
      );
    case 'header':
      return h('h3.header', {}, text(b.text, ctx));
    case 'divider':
      return h('hr');
    case 'context':
      return h(
        'div.context',
        {},
        (b.elements ?? []).map((e) =>
          e.type === 'image' ? h('img.icon', { src: imageSrc(e), alt: e.alt_text ?? '' }) : text(e, ctx),
        ),
      );
    case 'image':
      return h(
        'figure',
        {},
        b.title ? h('figcaption', {}, plain(b.title)) : null,
        h('img', { src: imageSrc(b) ?? '', alt: b.alt_text ?? '' }),
      );
    case 'actions':
      return h(
        'div.actions',
        {},
        (b.elements ?? []).map((e) => live(e, blockId, ctx)),
      );
    case 'input': {
      const actionId = b.element?.action_id ?? `${b.element?.type}-${blockId}`;
      const el = { ...b.element, action_id: actionId };
      const made = b.dispatch_action
        ? (() => {
            let m;
            const fire = () => ctx.act({ ...m.state(), action_id: actionId, block_id: blockId });
            m = element(el, blockId, ctx, fire);
            return m;
          })()
        : element(el, blockId, ctx);
      ctx.form?.set(blockId, { actionId, state: made.state });
      const error = ctx.errors?.[blockId];
      return h(
        `label.input${error ? '.invalid' : ''}`,
        {},
        h('span.label', {}, plain(b.label), b.optional ? h('small', {}, ' (optional)') : null),
        made.el,
        b.hint ? h('small.hint', {}, plain(b.hint)) : null,
        error ? h('small.error', {}, error) : null,
      );
    }
    case 'rich_text':
      return h('div.section', { html: mrkdwn(richText(b), ctx.names) });
    default:
      return h('div.unsupported', {}, `[${b.type} block]`);
  }
}

/** rich_text, flattened to mrkdwn: enough to read it. */
function richText(b) {
  const walk = (e) =>
    e.type === 'text'
      ? e.text
      : e.type === 'user'
        ? `<@${e.user_id}>`
        : e.type === 'channel'
          ? `<#${e.channel_id}>`
          : e.type === 'link'
            ? `<${e.url}|${e.text ?? e.url}>`
            : (e.elements ?? []).map(walk).join('');
  return (b.elements ?? []).map(walk).join('\n');
}

/** Blocks as HTML; ctx: { names, people, channels, act(action), suggest(blockId, actionId, q), form, errors }. */
export function renderBlocks(blocks, ctx) {
  return h(
    'div.blocks',
    {},
    (blocks ?? []).map((b, i) => block(b, i, ctx)),
  );
}

export { text as textNode };
