import type { webApi } from '@slack/bolt';
import type { Deps } from '../deps.js';
import { settingsFor } from '../settings/lookup.js';
import { skillsInText } from '../skills/matching.js';
import { CannotPost, slackErrorCode } from '../slack/errors.js';
import type { Workspace } from '../slack/workspace.js';
import { askMessage } from './blocks.js';
import { type Ask, deleteUnpostedAsk, insertAsk, markPosted } from './queries.js';

export interface AskInput {
  askerId: string;
  /** Where /ask was used; the ask goes to the workspace's ask channel when it has one. */
  invokedIn: string;
  /** Named in "invite me" advice. */
  botUserId?: string;
  text: string;
  details?: string | null;
  deadline?: string | null;
  /** Catalogue skills picked in the form. */
  skillSlugs?: string[];
}

function refusal(code: string | undefined, channelId: string, botUserId: string | undefined): CannotPost {
  const me = botUserId ? `<@${botUserId}>` : 'me';
  switch (code) {
    case 'not_in_channel':
    case 'channel_not_found':
      return new CannotPost(
        `I can't post in <#${channelId}>. Invite ${me} there (type \`/invite\` in the channel), ` +
          'or use `/ask` in a public channel, then try again. Nothing was posted.',
      );
    case 'is_archived':
      return new CannotPost(`<#${channelId}> is archived, so I can't post your ask there. Nothing was posted.`);
    default:
      return new CannotPost(
        `Slack refused to post your ask (${code ?? 'unknown error'}). Nothing was posted; please try again.`,
      );
  }
}

async function post(client: webApi.WebClient, channel: string, message: ReturnType<typeof askMessage>) {
  const args = { channel, ...message, unfurl_links: false, unfurl_media: false };
  try {
    return await client.chat.postMessage(args);
  } catch (err) {
    if (slackErrorCode(err) !== 'not_in_channel') throw err;
    // A public channel the bot was never added to: join it (channels:join) and try once more.
    await client.conversations.join({ channel }).catch(() => {
      throw err;
    });
    return client.chat.postMessage(args);
  }
}

/** Saves the ask, posts it, and records where: an ask that could not be posted leaves no row behind. */
export async function broadcastAsk(
  { db, env, log }: Deps,
  client: webApi.WebClient,
  ws: Workspace,
  input: AskInput,
): Promise<Ask> {
  const { askChannel, volunteerReaction } = await settingsFor(db, env, ws);
  const channelId = askChannel ?? input.invokedIn;
  const skills = await skillsInText(db, [input.text, input.details].filter(Boolean).join('\n'), input.skillSlugs);
  const draft = await insertAsk(db, {
    skills,
    teamId: ws.teamId,
    enterpriseId: ws.enterpriseId ?? null,
    askerId: input.askerId,
    channelId,
    text: input.text,
    details: input.details || null,
    deadline: input.deadline || null,
  });
  let posted: webApi.ChatPostMessageResponse;
  try {
    posted = await post(client, channelId, askMessage(draft, [], volunteerReaction));
  } catch (err) {
    await deleteUnpostedAsk(db, draft);
    const code = slackErrorCode(err);
    if (code === undefined) throw err;
    log.warn({ code, teamId: ws.teamId, channelId }, 'ask could not be posted');
    throw refusal(code, channelId, input.botUserId);
  }
  const ts = posted.ts!;
  const channel = posted.channel ?? channelId;
  try {
    const [permalink, isPrivate] = await Promise.all([
      client.chat
        .getPermalink({ channel, message_ts: ts })
        .then((r) => r.permalink ?? null)
        .catch(() => null),
      // Unknown counts as private: an ask is only shown outside its channel when surely public.
      client.conversations
        .info({ channel })
        .then((r) => r.channel?.is_private !== false || Boolean(r.channel?.is_im || r.channel?.is_mpim))
        .catch(() => true),
    ]);
    return await markPosted(db, draft, { channelId: channel, messageTs: ts, permalink, isPrivate });
  } catch (err) {
    // The database failed after the post: take the message back rather than leave an ask we cannot track.
    await client.chat.delete({ channel, ts }).catch((e) => log.error({ err: e }, 'could not delete an untracked ask'));
    await deleteUnpostedAsk(db, draft).catch(() => {});
    throw err;
  }
}
