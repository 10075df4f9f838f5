import { and, count, eq, gt, isNull, min, ne, or, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { asks } from '../db/schema/index.js';
import type { Deps } from '../deps.js';
import { backlog } from '../runtime/backlog.js';
import { inboxKeyOf } from '../runtime/inbox.js';
import { settingsFor } from '../settings/lookup.js';
import type { CommandArgs, ViewArgs } from '../slack/args.js';
import { ASK_MODAL_FIELDS as F } from '../slack/ids.js';
import { decodeEntities } from '../slack/mrkdwn.js';
import { type Workspace, workspaceOf } from '../slack/workspace.js';
import { ANONYMOUS_FORM_ERROR, AnonymousAsksOff, readAnonymously } from './anonymous.js';
import { ASK_HELP, askModal, askRateLimited, tooLongMessage } from './blocks.js';
import { readAskForm } from './form.js';
import { ASK_TEXT_MAX } from './limits.js';
import { postAsk } from './posting.js';
import { withUndo } from './undo-blocks.js';

/** Slack's own cap on a message; anything longer is cut before it is decoded or measured. */
const COMMAND_TEXT_MAX = 40_000;

/**
 * When the person may ask again, if they have used up their asks for the hour (ASKS_PER_HOUR):
 * each ask can reach many people. The same request run again (after a crash) is not counted twice.
 */
async function nextAskAllowed(
  db: Db,
  ws: Workspace,
  askerId: string,
  perHour: number,
  requestKey?: string,
): Promise<Date | undefined> {
  const [row] = await db
    .select({ n: count(), oldest: min(asks.createdAt) })
    .from(asks)
    .where(
      and(
        eq(asks.teamId, ws.teamId),
        eq(asks.askerId, askerId),
        gt(asks.createdAt, sql`now() - interval '1 hour'`),
        requestKey ? or(isNull(asks.requestKey), ne(asks.requestKey, requestKey)) : undefined,
      ),
    );
  if (!row || row.n < perHour || !row.oldest) return undefined;
  // Past the limit by more than one ask (a race), the oldest in the hour still frees the next one.
  return new Date(new Date(row.oldest).getTime() + 3_600_000);
}

/** `/ask text` broadcasts; `/ask` alone opens the form; `/ask help` explains. */
export const askCommand =
  (deps: Deps) =>
  async ({ command, ack, respond, client, context, body }: CommandArgs) => {
    const { text, anonymous } = readAnonymously(decodeEntities(command.text.slice(0, COMMAND_TEXT_MAX)).trim());
    if (text.toLowerCase() === 'help') return ack({ response_type: 'ephemeral', text: ASK_HELP });
    if (text.length > ASK_TEXT_MAX) return ack({ response_type: 'ephemeral', ...tooLongMessage(text) });
    await ack();
    const ws = workspaceOf({ context, body });
    const { anonymousAsks, askChannel } = await settingsFor(deps.db, deps.env, ws);
    if (anonymous && !anonymousAsks) throw new AnonymousAsksOff();
    if (!text) {
      // The form offers the box only where anonymous asks are allowed; `/ask anonymously` ticks it.
      const view = askModal(command.channel_id, anonymousAsks ? anonymous : undefined, {
        postsTo: askChannel ?? command.channel_id,
        notifyLimit: deps.env.MATCH_NOTIFY_LIMIT,
      });
      await client.views.open({ trigger_id: command.trigger_id, view });
      return;
    }
    const again = await nextAskAllowed(deps.db, ws, command.user_id, deps.env.ASKS_PER_HOUR, inboxKeyOf(context));
    if (again) {
      await respond({ response_type: 'ephemeral', text: askRateLimited(deps.env.ASKS_PER_HOUR, again) });
      return;
    }
    const input = {
      askerId: command.user_id,
      invokedIn: command.channel_id,
      botUserId: context.botUserId,
      text,
      requestKey: inboxKeyOf(context),
      anonymous,
    };
    await backlog.inTurn(async () => {
      const { ask, message } = await postAsk(deps, client, ws, input);
      await respond({ response_type: 'ephemeral', ...withUndo(message, ask.id) });
    });
  };

export const askModalSubmit =
  (deps: Deps) =>
  async ({ ack, view, body, client, context }: ViewArgs) => {
    // A day's grace so people west of UTC can still pick their today.
    const today = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const form = readAskForm(view.state.values, view.private_metadata, today);
    if ('errors' in form) return ack({ response_action: 'errors', errors: form.errors });
    const user = body.user.id;
    const ws = workspaceOf({ context, body });
    // Checked before the acknowledgement, so the form stays open and says why.
    const again = await nextAskAllowed(deps.db, ws, user, deps.env.ASKS_PER_HOUR, inboxKeyOf(context));
    if (again)
      return ack({ response_action: 'errors', errors: { [F.need]: askRateLimited(deps.env.ASKS_PER_HOUR, again) } });
    if (form.anonymous && !(await settingsFor(deps.db, deps.env, ws)).anonymousAsks)
      return ack({ response_action: 'errors', errors: { [F.anonymous]: ANONYMOUS_FORM_ERROR } });
    await ack();
    const { channel, ...ask } = form;
    const input = {
      askerId: user,
      invokedIn: channel,
      botUserId: context.botUserId,
      ...ask,
      requestKey: inboxKeyOf(context),
    };
    const posted = await backlog.inTurn(() => postAsk(deps, client, ws, input));
    // Ephemeral where they opened the form; a DM if the bot cannot post there.
    await client.chat
      .postEphemeral({ channel, user, ...posted.message })
      .catch(() => client.chat.postMessage({ channel: user, ...posted.message }))
      .catch((err) => deps.log.warn({ err, askId: posted.ask.id }, 'could not confirm an ask to its asker'));
  };
