import type { App, BlockButtonAction } from '@slack/bolt';
import type { Deps } from '../deps.js';
import { refreshHomes } from '../home/publish.js';
import { getPerson } from '../people/lookup.js';
import { snoozeUntil } from '../skills/notices.js';
import type { ButtonArgs } from '../slack/args.js';
import { AskNotFound } from '../slack/errors.js';
import { ACTIONS } from '../slack/ids.js';
import { reply } from '../slack/reply.js';
import { workspaceOf } from '../slack/workspace.js';
import { notMyAreaReply, SNOOZE_DAYS, snoozedReply } from './notice-blocks.js';
import { askToldAcrossOrg, declineAsk } from './notice-queries.js';
import { findAsk } from './queries.js';

/** *Not my area*: the matched skill stops matching them, and the ask goes to the next-best person. */
const notMyArea = (deps: Deps) => async (args: ButtonArgs) => {
  await args.ack();
  const ws = workspaceOf(args);
  const userId = args.body.user.id;
  const id = args.action.value ?? '';
  const ask = (await findAsk(deps.db, ws, id)) ?? (await askToldAcrossOrg(deps.db, ws, id, userId));
  if (!ask || ask.status === 'deleted') throw new AskNotFound();
  const { muted, owed } = await declineAsk(deps.db, deps.env, ask, userId, ws);
  await deps.outbox.deliver(args.client, ws, owed);
  await reply(args, { text: notMyAreaReply(muted, owed.length > 0) });
  await refreshHomes(deps, args.client, ws, [userId]);
};

/** *Snooze*: no match notices, and no matching asks in the digest, for two weeks. */
const snooze = (deps: Deps) => async (args: ButtonArgs) => {
  await args.ack();
  const ws = workspaceOf(args);
  const userId = args.body.user.id;
  await getPerson(deps.db, args.client, ws, userId);
  const until = new Date(Date.now() + SNOOZE_DAYS * 86_400_000);
  await snoozeUntil(deps.db, ws, userId, until);
  await reply(args, { text: snoozedReply(until) });
  await refreshHomes(deps, args.client, ws, [userId]);
};

export function registerNoticeControls(app: App, deps: Deps): void {
  app.action<BlockButtonAction>(ACTIONS.notMyArea, notMyArea(deps));
  app.action<BlockButtonAction>(ACTIONS.snoozeNotices, snooze(deps));
}
