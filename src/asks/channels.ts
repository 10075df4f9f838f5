import { and, eq, isNotNull, or } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { asks } from '../db/schema/index.js';
import type { Deps } from '../deps.js';
import { refreshHomes } from '../home/publish.js';
import { homesListing } from '../home/queries.js';
import type { EventArgs } from '../slack/args.js';
import { type Workspace, workspaceOf } from '../slack/workspace.js';

/**
 * Home tabs refreshed at once when a channel's asks leave them; anyone beyond sees the change the
 * next time they open their Home (views.publish is Tier 4, about 100 a minute).
 */
const HOMES_AT_ONCE = 100;

/**
 * Marks the channel's open asks private, so digests and Home tabs ("asks for you") leave them out.
 * Channel ids are unique across an Enterprise Grid org, whose shared channels can hold asks of
 * several of its workspaces.
 */
async function hideChannelAsks(
  db: Db,
  ws: Workspace,
  channelId: string,
): Promise<Array<{ id: string; teamId: string }>> {
  return db
    .update(asks)
    .set({ isPrivate: true })
    .where(
      and(
        eq(asks.channelId, channelId),
        ws.enterpriseId
          ? or(eq(asks.teamId, ws.teamId), eq(asks.enterpriseId, ws.enterpriseId))
          : eq(asks.teamId, ws.teamId),
        eq(asks.status, 'open'),
        eq(asks.isPrivate, false),
        isNotNull(asks.messageTs),
      ),
    )
    .returning({ id: asks.id, teamId: asks.teamId });
}

async function channelGoneQuiet(deps: Deps, args: EventArgs<string>, channelId: string, why: string) {
  const ws = workspaceOf(args);
  const hidden = await hideChannelAsks(deps.db, ws, channelId);
  if (hidden.length === 0) return;
  deps.log.info(
    { teamId: ws.teamId, channelId, asks: hidden.length, why },
    "a channel's asks left digests and Home tabs",
  );
  for (const teamId of new Set(hidden.map((h) => h.teamId))) {
    const team = { teamId, enterpriseId: ws.enterpriseId ?? null };
    const ids = hidden.filter((h) => h.teamId === teamId).map((h) => h.id);
    await refreshHomes(deps, args.client, team, await homesListing(deps.db, team, ids, HOMES_AT_ONCE));
  }
}

/**
 * A public channel made private. Slack announces it with a `channel_convert_to_private` message in
 * the channel (message.groups), there being no event of its own for it.
 */
export const channelMadePrivate =
  (deps: Deps) =>
  async (args: EventArgs<'message'>): Promise<void> => {
    const event = args.event as { subtype?: string; channel?: string };
    if (event.subtype !== 'channel_convert_to_private' || !event.channel) return;
    await channelGoneQuiet(deps, args, event.channel, 'made private');
  };

/**
 * An archived channel, public (channel_archive) or private (group_archive): nobody can react or
 * reply there any more, and it may be on its way to deletion, so its open asks leave digests and
 * Home tabs as a private channel's do. They stay open for their askers, who can still resolve them.
 * Unarchiving does not bring them back: whether the channel is still public is not known here.
 */
export const channelArchived =
  (deps: Deps) =>
  async (args: EventArgs<'channel_archive' | 'group_archive'>): Promise<void> => {
    await channelGoneQuiet(deps, args, args.event.channel, 'archived');
  };
