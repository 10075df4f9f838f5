// Block Kit's interactive elements: each draws its control and reports its state the way Slack's
// payloads do (selected_option, selected_users, value and so on).
import { confirmFirst, h, picker, plain } from './dom.js';
import { textObject } from './mrkdwn.js';

export const text = (t, ctx) => h('span', { html: textObject(t, ctx.names) });
const optionsOf = (el) => el.options ?? (el.option_groups ?? []).flatMap((g) => g.options ?? []);
const option = (o) => o && { text: o.text, value: o.value };
/** An image by URL, or a file the bot uploaded (slack_file), served by the demo itself. */
export const imageSrc = (i) =>
  i.image_url ?? (i.slack_file?.id ? `/files/${encodeURIComponent(i.slack_file.id)}` : i.slack_file?.url);

const staticLoad = (options) => async (q) =>
  options.filter((o) => plain(o.text).toLowerCase().includes(q.toLowerCase()));

/** One interactive element: its control, and its state as Slack reports it (selected_option and so on). */
export function element(el, blockId, ctx, fire) {
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
        if (/^https?:/i.test(el.url ?? '')) window.open(el.url, '_blank', 'noreferrer');
        if (await confirmFirst(el.confirm, ctx)) fire?.({ value: el.value, text: el.text });
      });
      return { el: b, state: () => ({ type }) };
    }
    case 'overflow': {
      // Fired once per pick, after its confirm if it has one (not also by the other selects' change
      // handler), then back to ⋯ so the same option can be picked again, as in Slack.
      const s = h(
        'select',
        { 'aria-label': 'More actions' },
        h('option', { value: '' }, '⋯'),
        optionsOf(el).map((o) => h('option', { value: o.value }, plain(o.text))),
      );
      const state = () => ({ type, selected_option: option(optionsOf(el).find((o) => o.value === s.value)) });
      s.addEventListener('change', async () => {
        const picked = state();
        s.value = '';
        if (await confirmFirst(el.confirm, ctx)) fire?.(picked);
      });
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
