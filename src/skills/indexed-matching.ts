import type { Db } from '../db/client.js';
import type { Workspace } from '../slack/workspace.js';
import type { TeamIndex } from './match-index.js';
import { matchInputs, type Picked, pickShown } from './match-inputs.js';
import { type Ranked, rank } from './match-rank.js';
import type { Match, MatchQuery } from './matching.js';
import { withMatchThreshold } from './matching.js';

/** Candidates checked at a time once the first, bounded, pick runs short. */
const BATCH = 500;

/**
 * matchStatement's result from the workspace's match index: SQL finds what the text asks for and
 * who helped before (small tables), the index scores every holder, and SQL checks the best few for
 * guests, snoozes and caps and names the skill each matched by. `spare` more than the places are
 * checked first; everyone, best first, only when guests and the like leave places empty.
 */
export async function matchFromIndex(
  db: Db,
  ws: Workspace,
  query: MatchQuery,
  index: TeamIndex,
  strongOnly: boolean,
  spare: number,
): Promise<Array<Match & { total: number }>> {
  const inputs = await withMatchThreshold(db, (tx) => matchInputs(tx, ws, query, strongOnly), true);
  const ranking = rank(index, inputs, query);
  const shown: Picked[] = [];
  const found = new Map<string, Ranked>();
  let order = ranking.best(query.limit + spare);
  let from = 0;
  while (shown.length < query.limit && from < ranking.total) {
    if (from >= order.length) order = ranking.best(ranking.total);
    const batch = order.slice(from, from + (from === 0 ? query.limit + spare : BATCH));
    from += batch.length;
    const users = batch.map((r) => index.users[r.person]!);
    batch.forEach((r, i) => {
      found.set(users[i]!, r);
    });
    const picked = await pickShown(db, ws, query, users, inputs);
    shown.push(...picked.slice(0, query.limit - shown.length));
  }
  return shown.map((p) => {
    const { score, helped } = found.get(p.userId)!;
    return { ...p, teamId: ws.teamId, score, helped, total: ranking.total };
  });
}
