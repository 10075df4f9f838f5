import type { ButtonArgs } from './args.js';
import { EPHEMERAL, type KnownBlock } from './blocks.js';

/**
 * Answers the person who pressed a button: ephemerally where the button was (a message), or
 * by DM when it was on their Home tab, which has no response_url.
 */
export async function reply(
  args: ButtonArgs,
  message: { text: string; blocks?: KnownBlock[] },
  replaceOriginal = false,
): Promise<void> {
  if ('response_url' in args.body && args.body.response_url) {
    await args.respond({ ...EPHEMERAL, replace_original: replaceOriginal, ...message });
  } else {
    await args.client.chat.postMessage({ channel: args.body.user.id, ...message });
  }
}
