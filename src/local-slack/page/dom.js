// The page's DOM helpers: elements, the confirm dialog, and the type-ahead picker selects use.
import { textObject } from './mrkdwn.js';

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

export const plain = (t) => (typeof t?.text === 'string' ? t.text : '');

/** Asks before acting when the element carries a confirm dialog; resolves true to go ahead. */
export function confirmFirst(confirm, ctx) {
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
export function picker({ multi, initial, load, placeholder, onChange }) {
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
