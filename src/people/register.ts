import type { App } from '@slack/bolt';
import type { Deps } from '../deps.js';
import { EVENTS } from '../slack/ids.js';
import { workspaceOf } from '../slack/workspace.js';
import { personFromSlack } from './lookup.js';
import { upsertPerson } from './queries.js';

export function register(app: App, { db }: Deps): void {
  app.event(EVENTS.userChange, async ({ event, context, body }) => {
    const ws = workspaceOf({ context, body });
    await upsertPerson(db, personFromSlack(ws, event.user as Parameters<typeof personFromSlack>[1]));
  });
}
