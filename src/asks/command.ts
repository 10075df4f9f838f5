import { z } from 'zod';
import type { Deps } from '../deps.js';
import type { CommandArgs, ViewArgs } from '../slack/args.js';
import { backlog } from '../slack/backlog.js';
import { ACTIONS, ASK_MODAL_FIELDS as F } from '../slack/ids.js';
import { decodeEntities } from '../slack/mrkdwn.js';
import { workspaceOf } from '../slack/workspace.js';
import { ASK_HELP, askModal, tooLongMessage } from './blocks.js';
import { ASK_DETAILS_MAX, ASK_TEXT_MAX } from './limits.js';
import { postAsk } from './posting.js';

const modalMetadata = z.object({ channel: z.string() });

/** `/ask text` broadcasts; `/ask` alone opens the form; `/ask help` explains. */
export const askCommand =
  (deps: Deps) =>
  async ({ command, ack, respond, client, context, body }: CommandArgs) => {
    const text = decodeEntities(command.text).trim();
    if (text.toLowerCase() === 'help') return ack({ response_type: 'ephemeral', text: ASK_HELP });
    if (text.length > ASK_TEXT_MAX) return ack({ response_type: 'ephemeral', ...tooLongMessage(text) });
    await ack();
    if (!text) {
      await client.views.open({ trigger_id: command.trigger_id, view: askModal(command.channel_id) });
      return;
    }
    const input = { askerId: command.user_id, invokedIn: command.channel_id, botUserId: context.botUserId, text };
    await backlog.inTurn(async () => {
      const { confirmation } = await postAsk(deps, client, workspaceOf({ context, body }), input);
      await respond({ response_type: 'ephemeral', text: confirmation });
    });
  };

export function modalErrors(need: string, details: string, deadline: string | null | undefined, today: string) {
  const errors: Record<string, string> = {};
  if (!need) errors[F.need] = 'Say what you need help with.';
  else if (need.length > ASK_TEXT_MAX)
    errors[F.need] = `Keep this under ${ASK_TEXT_MAX} characters; use Details for the rest.`;
  if (details.length > ASK_DETAILS_MAX) errors[F.details] = `Keep the details under ${ASK_DETAILS_MAX} characters.`;
  if (deadline && deadline < today) errors[F.deadline] = 'Pick today or a later date.';
  return errors;
}

export const askModalSubmit =
  (deps: Deps) =>
  async ({ ack, view, body, client, context }: ViewArgs) => {
    const values = view.state.values;
    const need = values[F.need]?.[F.need]?.value?.trim() ?? '';
    const details = values[F.details]?.[F.details]?.value?.trim() ?? '';
    const deadline = values[F.deadline]?.[F.deadline]?.selected_date;
    const skillSlugs = (values[F.skills]?.[ACTIONS.pickAskSkills]?.selected_options ?? []).map((o) => o.value);
    // A day's grace so people west of UTC can still pick their today.
    const today = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const errors = modalErrors(need, details, deadline, today);
    const ws = workspaceOf({ context, body });
    const opened = modalMetadata.parse(JSON.parse(view.private_metadata || '{}')).channel;
    // Opened in a channel, or from the Home tab with a (required) channel picker.
    const channel = opened || values[F.channel]?.[F.channel]?.selected_conversation || '';
    if (!channel) errors[F.channel] = 'Pick the channel to post your ask in.';
    if (Object.keys(errors).length > 0) return ack({ response_action: 'errors', errors });
    await ack();
    const user = body.user.id;
    const input = {
      askerId: user,
      invokedIn: channel,
      botUserId: context.botUserId,
      text: need,
      details,
      deadline,
      skillSlugs,
    };
    const { ask, confirmation } = await backlog.inTurn(() => postAsk(deps, client, ws, input));
    // Ephemeral where they opened the form; a DM if the bot cannot post there.
    await client.chat
      .postEphemeral({ channel, user, text: confirmation })
      .catch(() => client.chat.postMessage({ channel: user, text: confirmation }))
      .catch((err) => deps.log.warn({ err, askId: ask.id }, 'could not confirm an ask to its asker'));
  };
