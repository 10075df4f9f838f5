import type { App } from '@slack/bolt';
import type { Deps } from '../deps';
import { EVENTS } from '../slack/ids';
import { workspaceOf } from '../slack/workspace';
import { personFromSlack } from './lookup';
import { upsertPerson } from './queries';

export function register(app: App, { db }: Deps): void {
  app.event(EVENTS.userChange, async ({ event, context, body }) => {
    const ws = workspaceOf({ context, body });
    await upsertPerson(db, personFromSlack(ws, event.user as Parameters<typeof personFromSlack>[1]));
  });
}
