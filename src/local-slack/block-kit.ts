/** Slack's Block Kit limits, checked the way Slack refuses with invalid_blocks. */
const MESSAGE_METHODS = new Set(['chat.postMessage', 'chat.update', 'chat.postEphemeral']);
const VIEW_METHODS = new Set(['views.open', 'views.update', 'views.publish', 'views.push']);

type Json = Record<string, any>;

const textOf = (t: Json | undefined) => (typeof t?.text === 'string' ? t.text : '');

function checkElement(el: Json, where: string): string | undefined {
  if (el.action_id && el.action_id.length > 255) return `${where}: action_id over 255`;
  if (el.type === 'button') {
    if (textOf(el.text).length > 75) return `${where}: button text over 75`;
    if (el.value && el.value.length > 2000) return `${where}: button value over 2000`;
    if (el.accessibility_label && el.accessibility_label.length > 75) return `${where}: accessibility_label over 75`;
  }
  const options: Json[] = el.options ?? [];
  if (options.length > 100) return `${where}: more than 100 options`;
  for (const o of options) {
    if (textOf(o.text).length > 75) return `${where}: option text over 75`;
    if (String(o.value).length > 150) return `${where}: option value over 150`;
  }
  if (el.type === 'plain_text_input' && el.max_length > 3000) return `${where}: max_length over 3000`;
  return undefined;
}

function checkBlock(block: Json, i: number): string | undefined {
  const where = `block ${i} (${block.type})`;
  if (block.block_id && block.block_id.length > 255) return `${where}: block_id over 255`;
  switch (block.type) {
    case 'section':
      if (textOf(block.text).length > 3000) return `${where}: text over 3000`;
      if ((block.fields ?? []).length > 10) return `${where}: more than 10 fields`;
      return block.accessory ? checkElement(block.accessory, where) : undefined;
    case 'header':
      return textOf(block.text).length > 150 ? `${where}: text over 150` : undefined;
    case 'context':
      if ((block.elements ?? []).length > 10) return `${where}: more than 10 elements`;
      return block.elements.find((e: Json) => textOf(e).length > 3000) ? `${where}: element text over 3000` : undefined;
    case 'actions':
      if ((block.elements ?? []).length > 25) return `${where}: more than 25 elements`;
      for (const el of block.elements) {
        const error = checkElement(el, where);
        if (error) return error;
      }
      return undefined;
    case 'image':
      // Either a public URL or a Slack file (by id or url), never both, with alt text up to 2,000.
      if (typeof block.alt_text !== 'string' || block.alt_text.length > 2000) return `${where}: alt_text over 2000`;
      if (Boolean(block.image_url) === Boolean(block.slack_file)) return `${where}: image_url or slack_file`;
      if (block.slack_file && Boolean(block.slack_file.id) === Boolean(block.slack_file.url))
        return `${where}: slack_file needs an id or a url`;
      return textOf(block.title).length > 2000 ? `${where}: title over 2000` : undefined;
    case 'input':
      if (textOf(block.label).length > 2000) return `${where}: label over 2000`;
      return checkElement(block.element ?? {}, where);
    default:
      return undefined;
  }
}

function checkBlocks(blocks: Json[], max: number): string | undefined {
  if (blocks.length > max) return `more than ${max} blocks`;
  for (const [i, block] of blocks.entries()) {
    const error = checkBlock(block, i);
    if (error) return error;
  }
  return undefined;
}

export function checkBlockKit(method: string, args: Json): string | undefined {
  if (MESSAGE_METHODS.has(method)) {
    if (typeof args.text === 'string' && args.text.length > 4000) return 'text over 4000';
    return Array.isArray(args.blocks) ? checkBlocks(args.blocks, 50) : undefined;
  }
  if (VIEW_METHODS.has(method) && args.view) {
    const view = args.view as Json;
    if (view.type === 'modal' && textOf(view.title).length > 24) return 'modal title over 24';
    if ((view.private_metadata ?? '').length > 3000) return 'private_metadata over 3000';
    return checkBlocks(view.blocks ?? [], 100);
  }
  return undefined;
}
