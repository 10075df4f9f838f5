import { z } from 'zod';
import type { Deps } from '../deps.js';
import { settingsFor } from '../settings/lookup.js';
import type { EventArgs } from '../slack/args.js';
import { type Workspace, workspaceOf } from '../slack/workspace.js';
import { deleteReply, findAskByMessage, markAskDeleted, upsertReply } from './queries.js';
import { volunteer, withdraw } from './volunteering.js';

/** `raising_hand::skin-tone-3` is still the volunteer reaction. */
const baseEmoji = (reaction: string) => reaction.split('::')[0];

export const reaction =
  (deps: Deps) =>
  async ({ event, client, context, body }: EventArgs<'reaction_added' | 'reaction_removed'>) => {
    // A file reaction, or a malformed event without an item: nothing to volunteer for.
    if (event.item?.type !== 'message' || !event.user) return;
    const ws = workspaceOf({ context, body });
    // The workspace's reaction at the time of the event: a changed one does not apply to earlier reactions.
    if (baseEmoji(event.reaction) !== (await settingsFor(deps.db, deps.env, ws)).volunteerReaction) return;
    const ask = await findAskByMessage(deps.db, ws, event.item.channel, event.item.ts);
    if (!ask) return;
    if (event.type === 'reaction_added') await volunteer(deps, client, ask, event.user, 'reaction');
    else await withdraw(deps, client, ask, event.user);
  };

const reply = z.object({
  ts: z.string(),
  thread_ts: z.string().optional(),
  user: z.string().optional(),
  bot_id: z.string().optional(),
  subtype: z.string().optional(),
  text: z.string().default(''),
});
const threadEvent = z.union([
  reply.extend({ subtype: z.enum(['thread_broadcast', 'file_share']).optional(), channel: z.string() }),
  z.object({ subtype: z.literal('message_changed'), channel: z.string(), message: reply }),
  z.object({ subtype: z.literal('message_deleted'), channel: z.string(), deleted_ts: z.string() }),
]);

/**
 * A deleted message: the ask itself (its text, details, replies and matches are deleted with it)
 * or one of the replies kept with it.
 */
async function forget(deps: Deps, ws: Workspace, channel: string, ts: string): Promise<void> {
  if (!(await markAskDeleted(deps.db, ws, channel, ts))) await deleteReply(deps.db, ws, channel, ts);
}

/** Human replies in an ask's thread are kept with it, and follow edits and deletions. */
export const threadMessage =
  (deps: Deps) =>
  async ({ event, context, body }: EventArgs<'message'>) => {
    const parsed = threadEvent.safeParse(event);
    if (!parsed.success) return;
    const e = parsed.data;
    const ws = workspaceOf({ context, body });
    if (e.subtype === 'message_deleted') return forget(deps, ws, e.channel, e.deleted_ts);
    // A deleted parent with replies stays as a tombstone: Slack says so with message_changed.
    if (e.subtype === 'message_changed' && e.message.subtype === 'tombstone')
      return forget(deps, ws, e.channel, e.message.ts);
    const m = e.subtype === 'message_changed' ? e.message : e;
    if (!m.thread_ts || m.thread_ts === m.ts || m.bot_id || !m.user) return;
    const ask = await findAskByMessage(deps.db, ws, e.channel, m.thread_ts);
    // Replies under a deleted ask's tombstone are not kept: the ask keeps nothing but that it was.
    if (!ask || ask.status === 'deleted') return;
    await upsertReply(deps.db, ask, {
      ts: m.ts,
      userId: m.user,
      text: m.text,
      edited: e.subtype === 'message_changed',
    });
  };
