import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { z } from 'zod';
import type { Deps } from '../deps';
import { ACTIONS, ASK_MODAL_FIELDS as F } from '../slack/ids';
import { decodeEntities } from '../slack/mrkdwn';
import { workspaceOf } from '../slack/workspace';
import { ASK_HELP, askModal, postedConfirmation, tooLongMessage } from './blocks';
import { broadcastAsk } from './broadcast';
import { ASK_DETAILS_MAX, ASK_TEXT_MAX } from './limits';
import { notifyMatches } from './matches';

type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs;
type ViewArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

const modalMetadata = z.object({ channel: z.string() });

/** `/ask text` broadcasts; `/ask` alone opens the form; `/ask help` explains. */
export const askCommand =
  (deps: Deps) =>
  async ({ command, ack, respond, client, context }: CommandArgs) => {
    const text = decodeEntities(command.text).trim();
    if (text.toLowerCase() === 'help') return ack({ response_type: 'ephemeral', text: ASK_HELP });
    if (text.length > ASK_TEXT_MAX) return ack({ response_type: 'ephemeral', ...tooLongMessage(text) });
    await ack();
    if (!text) {
      await client.views.open({ trigger_id: command.trigger_id, view: askModal(JSON.stringify({ channel: command.channel_id })) });
      return;
    }
    const ask = await broadcastAsk(deps, client, workspaceOf(context), { askerId: command.user_id, invokedIn: command.channel_id, botUserId: context.botUserId, text });
    const told = await notifyMatches(deps, client, ask);
    await respond({ response_type: 'ephemeral', text: postedConfirmation(ask, told) });
  };

export function modalErrors(need: string, details: string, deadline: string | null | undefined, today: string) {
  const errors: Record<string, string> = {};
  if (!need) errors[F.need] = 'Say what you need help with.';
  else if (need.length > ASK_TEXT_MAX) errors[F.need] = `Keep this under ${ASK_TEXT_MAX} characters; use Details for the rest.`;
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
    if (Object.keys(errors).length > 0) return ack({ response_action: 'errors', errors });
    await ack();
    const { channel } = modalMetadata.parse(JSON.parse(view.private_metadata || '{}'));
    const ask = await broadcastAsk(deps, client, workspaceOf(context), {
      askerId: body.user.id,
      invokedIn: channel,
      botUserId: context.botUserId,
      text: need,
      details,
      deadline,
      skillSlugs,
    });
    const told = await notifyMatches(deps, client, ask);
    await client.chat.postEphemeral({ channel: ask.channelId, user: body.user.id, text: postedConfirmation(ask, told) });
  };
