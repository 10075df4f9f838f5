import type { webApi } from '@slack/bolt';
import type { Deps } from '../deps.js';
import { owe } from '../runtime/outbox-queries.js';
import { settingsFor } from '../settings/lookup.js';
import { skillsInText } from '../skills/matching.js';
import { CannotPost, slackErrorCode } from '../slack/errors.js';
import type { Workspace } from '../slack/workspace.js';
import { askMessage } from './blocks.js';
import { type MatchRoute, matchRoute, oweMatches } from './matches.js';
import { type Ask, countMatches, deleteUnpostedAsk, findAskByRequest, insertAsk, markPosted } from './queries.js';
import { creditedMatches, type SimilarAsk, similarAsks } from './similar.js';
import { askedBeforeThread } from './similar-blocks.js';

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
  /** The inbox key of the request asking: run again after a crash, it finds the same ask. */
  requestKey?: string;
  /** "Someone asks": the asker is named to nobody else. */
  anonymous?: boolean;
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

async function post(
  client: webApi.WebClient,
  channel: string,
  message: ReturnType<typeof askMessage> & { metadata: webApi.ChatPostMessageArguments['metadata'] },
) {
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

/** How many people whose skills match will hear of the ask, and, in a shared channel, how. */
export interface Told {
  count: number;
  /** The channel is shared with another organisation: matches are DM'd, or (private) told nothing. */
  shared?: Exclude<MatchRoute, 'thread'>;
}

/** Every ask message carries its id, so a post cut off by a crash can be found before posting again. */
export const ASK_EVENT = 'who_can_help_ask';

/** The ask's message, if an earlier run of the same request posted it before its process died. */
async function foundPosted(client: webApi.WebClient, draft: Ask): Promise<{ ts: string; channel: string } | undefined> {
  const recent = await client.conversations.history({
    channel: draft.channelId,
    include_all_metadata: true,
    limit: 100,
  });
  const message = (recent.messages ?? []).find((m) => {
    const metadata = (m as { metadata?: { event_type?: string; event_payload?: { ask?: string } } }).metadata;
    return metadata?.event_type === ASK_EVENT && metadata.event_payload?.ask === draft.id;
  });
  return message?.ts ? { ts: message.ts, channel: draft.channelId } : undefined;
}

/**
 * Saves the ask, posts it, and records where, owing the matches their notice in the same
 * transaction: an ask that could not be posted leaves no row behind. The same request run again
 * (taken over after a crash) finds its ask rather than posting a second one.
 */
export async function broadcastAsk(
  { db, env, log }: Deps,
  client: webApi.WebClient,
  ws: Workspace,
  input: AskInput,
): Promise<{ ask: Ask; told: Told; owed: string[]; similar: SimilarAsk[] }> {
  const earlier = input.requestKey ? await findAskByRequest(db, ws, input.requestKey) : undefined;
  // Its notices were owed with the post: the outbox's sweep delivers any still owed.
  if (earlier?.messageTs) {
    const told = { count: await countMatches(db, earlier) };
    return { ask: earlier, told, owed: [], similar: await similarAsks(db, earlier) };
  }
  const { askChannel } = await settingsFor(db, env, ws);
  const draft =
    earlier ??
    (await insertAsk(db, {
      skills: await skillsInText(db, [input.text, input.details].filter(Boolean).join('\n'), input.skillSlugs),
      teamId: ws.teamId,
      enterpriseId: ws.enterpriseId ?? null,
      askerId: input.askerId,
      channelId: askChannel ?? input.invokedIn,
      text: input.text,
      details: input.details || null,
      deadline: input.deadline || null,
      requestKey: input.requestKey ?? null,
      anonymous: input.anonymous ?? false,
    }));
  const channelId = draft.channelId;
  let posted = earlier ? await foundPosted(client, draft) : undefined;
  if (!posted) {
    try {
      const metadata = { event_type: ASK_EVENT, event_payload: { ask: draft.id } };
      const sent = await post(client, channelId, { ...askMessage(draft, []), metadata });
      posted = { ts: sent.ts!, channel: sent.channel ?? channelId };
    } catch (err) {
      await deleteUnpostedAsk(db, draft);
      const code = slackErrorCode(err);
      if (code === undefined) throw err;
      log.warn({ code, teamId: ws.teamId, channelId }, 'ask could not be posted');
      throw refusal(code, channelId, input.botUserId);
    }
  }
  const { ts, channel } = posted;
  try {
    const [permalink, { isPrivate, externallyShared }] = await Promise.all([
      client.chat
        .getPermalink({ channel, message_ts: ts })
        .then((r) => r.permalink ?? null)
        .catch(() => null),
      // Unknown counts as private and shared: an ask is only shown outside its channel when surely
      // public, and staff are only named in its thread when the channel is surely the organisation's own.
      client.conversations
        .info({ channel })
        .then((r) => ({
          isPrivate: r.channel?.is_private !== false || Boolean(r.channel?.is_im || r.channel?.is_mpim),
          externallyShared: Boolean(r.channel?.is_ext_shared || r.channel?.is_pending_ext_shared),
        }))
        .catch(() => ({ isPrivate: true, externallyShared: true })),
    ]);
    return await db.transaction(async (tx) => {
      const where = { channelId: channel, messageTs: ts, permalink, isPrivate, externallyShared };
      const ask = await markPosted(tx, draft, where);
      // Asked before: similar earlier asks in its thread, and the people credited on them ranked into its matches.
      const similar = await similarAsks(tx, ask);
      const thread = { channel: ask.channelId, thread_ts: ask.messageTs!, text: askedBeforeThread(similar) };
      const listed = similar.length ? await owe(tx, ask, [{ kind: 'message', message: thread }]) : [];
      const round = { similar: await creditedMatches(tx, ask, similar) };
      const { told: count, owed } = await oweMatches(tx, env, ask, round);
      const route = externallyShared ? matchRoute(env, ask) : 'thread';
      const told = route === 'thread' ? { count } : { count, shared: route };
      return { ask, told, owed: [...listed, ...owed], similar };
    });
  } catch (err) {
    // The database failed after the post: take the message back rather than leave an ask we cannot track.
    await client.chat.delete({ channel, ts }).catch((e) => log.error({ err: e }, 'could not delete an untracked ask'));
    await deleteUnpostedAsk(db, draft).catch(() => {});
    throw err;
  }
}
