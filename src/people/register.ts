import type { App } from '@slack/bolt';
import type { Deps } from '../deps.js';
import { EVENTS } from '../slack/ids.js';
import { workspaceOf } from '../slack/workspace.js';
import { personFromSlack } from './lookup.js';
import { forgottenAmong, upsertPerson } from './queries.js';

export function register(app: App, { db }: Deps): void {
  app.event(EVENTS.userChange, async ({ event, context, body }) => {
    const ws = workspaceOf({ context, body });
    const person = personFromSlack(ws, event.user as Parameters<typeof personFromSlack>[1]);
    // Someone who asked to be forgotten stays forgotten until they use the bot again themselves.
    if ((await forgottenAmong(db, ws, [person.userId])).size > 0) return;
    await upsertPerson(db, person);
  });
}
