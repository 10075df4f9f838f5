import type { Deps } from '../deps.js';
import { backlog } from '../runtime/backlog.js';
import { inboxKeyOf } from '../runtime/inbox.js';
import type { CommandArgs, ViewArgs } from '../slack/args.js';
import { decodeEntities } from '../slack/mrkdwn.js';
import { workspaceOf } from '../slack/workspace.js';
import { ASK_HELP, askModal, tooLongMessage } from './blocks.js';
import { readAskForm } from './form.js';
import { ASK_TEXT_MAX } from './limits.js';
import { postAsk } from './posting.js';

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
    const input = {
      askerId: command.user_id,
      invokedIn: command.channel_id,
      botUserId: context.botUserId,
      text,
      requestKey: inboxKeyOf(context),
    };
    await backlog.inTurn(async () => {
      const { confirmation } = await postAsk(deps, client, workspaceOf({ context, body }), input);
      await respond({ response_type: 'ephemeral', text: confirmation });
    });
  };

export const askModalSubmit =
  (deps: Deps) =>
  async ({ ack, view, body, client, context }: ViewArgs) => {
    // A day's grace so people west of UTC can still pick their today.
    const today = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const form = readAskForm(view.state.values, view.private_metadata, today);
    if ('errors' in form) return ack({ response_action: 'errors', errors: form.errors });
    await ack();
    const user = body.user.id;
    const { channel, ...ask } = form;
    const input = {
      askerId: user,
      invokedIn: channel,
      botUserId: context.botUserId,
      ...ask,
      requestKey: inboxKeyOf(context),
    };
    const ws = workspaceOf({ context, body });
    const posted = await backlog.inTurn(() => postAsk(deps, client, ws, input));
    // Ephemeral where they opened the form; a DM if the bot cannot post there.
    await client.chat
      .postEphemeral({ channel, user, text: posted.confirmation })
      .catch(() => client.chat.postMessage({ channel: user, text: posted.confirmation }))
      .catch((err) => deps.log.warn({ err, askId: posted.ask.id }, 'could not confirm an ask to its asker'));
  };
