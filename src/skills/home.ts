import { noticeState } from '../asks/notice-blocks.js';
import type { Db } from '../db/client.js';
import type { Env } from '../env.js';
import { context, type KnownBlock } from '../slack/blocks.js';
import type { Workspace } from '../slack/workspace.js';
import { helpedBy, helpedLine } from './helped.js';
import { historyHidden, noticeStateOf } from './notices.js';

/** The Home tab's lines about the person: who they helped, and where their notices stand. */
export async function helpingHome(db: Db, env: Env, ws: Workspace, userId: string): Promise<KnownBlock[]> {
  const [helped, hidden, state] = await Promise.all([
    helpedBy(db, ws, userId),
    historyHidden(db, ws, userId),
    noticeStateOf(db, ws, userId),
  ]);
  const line = helpedLine(helped);
  const lines = [
    ...(line ? [`:handshake: ${line}${hidden ? ' · hidden from others (`/skills history on` shows it)' : ''}`] : []),
    ...noticeState({ ...state, perWeek: env.MATCH_NOTICES_PER_WEEK }),
  ];
  return [context(lines.join('\n'))];
}
