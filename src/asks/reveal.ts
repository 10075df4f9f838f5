import type { webApi } from '@slack/bolt';
import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { askMatches, volunteers } from '../db/schema/index.js';
import type { Deps } from '../deps.js';
import type { Deliver } from '../runtime/outbox.js';
import { type Notice, owe } from '../runtime/outbox-queries.js';
import { alreadySent, NOTICE_EVENT } from '../runtime/sent.js';
import type { ButtonArgs } from '../slack/args.js';
import { AskNotFound, slackErrorCode, UserError } from '../slack/errors.js';
import { escapedPreview } from '../slack/mrkdwn.js';
import { reply } from '../slack/reply.js';
import { workspaceOf } from '../slack/workspace.js';
import { readRevealValue, revealMessage } from './anonymous.js';
import { askLink } from './blocks.js';
import { type Ask, findAsk } from './queries.js';

/** Whether they offered to help with the ask or were told of it: the only people an asker is shown to. */
async function offeredOrMatched(db: Db, ask: Ask, userId: string): Promise<boolean> {
  const inAsk = <T extends typeof volunteers | typeof askMatches>(t: T) =>
    and(eq(t.teamId, ask.teamId), eq(t.askId, ask.id), eq(t.userId, userId));
  const [offered] = await db.select({ u: volunteers.userId }).from(volunteers).where(inAsk(volunteers));
  if (offered) return true;
  const [matched] = await db.select({ u: askMatches.userId }).from(askMatches).where(inAsk(askMatches));
  return Boolean(matched);
}

/**
 * *Reply to @X* under an anonymous asker's DM about a volunteer: the asker chooses to show
 * themselves to that one person, in a group DM of the two of them and the bot (mpim:write). The
 * introduction is owed once per ask and volunteer, so a second press or a retry posts nothing new.
 */
export const revealButton = (deps: Deps) => async (args: ButtonArgs) => {
  await args.ack();
  const target = readRevealValue(args.action.value ?? '');
  const ask = target ? await findAsk(deps.db, workspaceOf(args), target.askId) : undefined;
  if (!target || !ask || ask.status === 'deleted') throw new AskNotFound();
  const { volunteerId } = target;
  if (args.body.user.id !== ask.askerId)
    throw new UserError('not_asker', 'Only the person who asked can show themselves to a volunteer.');
  if (!(await offeredOrMatched(deps.db, ask, volunteerId)))
    throw new UserError(
      'not_a_volunteer',
      `<@${volunteerId}> has not offered to help with this ask, so I haven't opened a group DM. Nothing was shared.`,
    );
  const opened = await args.client.conversations.open({ users: `${ask.askerId},${volunteerId}` }).catch((err) => {
    const code = slackErrorCode(err);
    if (!code) throw err;
    throw new UserError(
      'group_dm_refused',
      `Slack would not open a group DM with <@${volunteerId}> (${code}), so nothing was shared. ` +
        "You can still reply in the ask's thread, which shows your name.",
    );
  });
  const channel = opened.channel?.id;
  if (!channel) throw new Error('conversations.open answered without a channel');
  const message = { channel, text: revealMessage(ask, volunteerId), unfurl_links: false };
  const owed = await owe(deps.db, ask, [{ kind: 'message', key: `reveal:${ask.id}:${volunteerId}`, message }]);
  await deps.outbox.deliver(args.client, ask, owed);
  await reply(args, {
    text: owed.length
      ? `I've opened a group DM with <@${volunteerId}> and you: they now know you asked. Nobody else was told.`
      : `You already have a group DM with <@${volunteerId}> about this ask (look for it among your direct messages).`,
  });
};

/** Owed when the asker goes with someone: once per ask and helper, however often they change their mind. */
export const goWithIntro = (ask: Pick<Ask, 'id'>, helperId: string): Notice => ({
  kind: 'go_with_intro',
  key: `go_with_intro:${ask.id}:${helperId}`,
  payload: { askId: ask.id, helperId },
});

/** "@asker, meet @X": where the two of them take it from here, in a group DM with the bot (mpim:write). */
export const introduction = (ask: Pick<Ask, 'askerId' | 'text' | 'permalink'>, helperId: string) =>
  `:wave: <@${ask.askerId}>, meet <@${helperId}>, who offered to help with: ` +
  `${askLink(ask, `“${escapedPreview(ask.text, 200)}”`)}. Over to the two of you!`;

/** The outbox's delivery of the introduction: the group DM is opened (the same one each time) and greeted once. */
export const deliverGoWithIntro =
  (deps: Deps): Deliver =>
  async (client, item) => {
    const { askId, helperId } = item.payload as { askId: string; helperId: string };
    const ask = await findAsk(deps.db, item, askId);
    if (!ask || ask.status === 'deleted') return;
    const opened = await client.conversations.open({ users: `${ask.askerId},${helperId}` });
    const channel = opened.channel?.id;
    if (!channel) throw new Error('conversations.open answered without a channel');
    const message = { channel, text: introduction(ask, helperId), unfurl_links: false };
    // A retry reads the group DM back (mpim:history) so the two of them are greeted once.
    if (item.attempts > 1 && (await alreadySent(client, item.id, message))) return;
    await client.chat.postMessage({
      ...message,
      metadata: { event_type: NOTICE_EVENT, event_payload: { notice: item.id } },
    } as webApi.ChatPostMessageArguments);
  };
