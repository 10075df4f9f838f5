// Block Kit as HTML, generically: whatever blocks the bot sends are drawn from their JSON, and
// every interactive element reports its state the way Slack's payloads do.
import { h, plain } from './dom.js';
import { element, imageSrc, text } from './elements.js';
import { mrkdwn } from './mrkdwn.js';

export { h };

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
