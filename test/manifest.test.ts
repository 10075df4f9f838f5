import { readFileSync } from 'node:fs';
import { App } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { connectPglite } from '../src/db/client';
import { loadEnv } from '../src/env';
import { features } from '../src/features';
import { createLogger } from '../src/logger';

const manifest = parse(readFileSync(new URL('../manifest.yml', import.meta.url), 'utf8'));

/** Registers every feature on a real Bolt app and records what each one listens to. */
function registered() {
  const app = new App({ token: 'xoxb-manifest-test', signingSecret: 'manifest-test', deferInitialization: true });
  const seen = { commands: [] as string[], events: [] as string[], actions: [] as string[], views: [] as string[] };
  const record = (list: string[]) => (name: unknown) => {
    list.push(String(name));
    return app;
  };
  Object.assign(app, { command: record(seen.commands), event: record(seen.events), action: record(seen.actions), view: record(seen.views) });
  const env = loadEnv({ SLACK_BOT_TOKEN: 'xoxb-manifest-test', SLACK_SIGNING_SECRET: 'manifest-test' });
  const database = connectPglite();
  for (const register of features) register(app, { db: database.db, env, log: createLogger('silent') });
  void database.close();
  return seen;
}

describe('manifest.yml', () => {
  const seen = registered();
  const manifestCommands: string[] = manifest.features.slash_commands.map((c: { command: string }) => c.command);
  const botEvents: string[] = manifest.settings.event_subscriptions.bot_events;

  it('declares every slash command the code handles, and the code handles every one it declares', () => {
    expect([...seen.commands].sort()).toEqual([...manifestCommands].sort());
  });

  it('subscribes to every event the code listens to', () => {
    for (const event of seen.events) {
      if (event === 'message') expect(botEvents).toEqual(expect.arrayContaining(['message.channels', 'message.groups']));
      else expect(botEvents).toContain(event);
    }
  });

  it('turns interactivity on for the buttons and forms', () => {
    expect(seen.actions.length + seen.views.length).toBeGreaterThan(0);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
  });

  it('has the Home tab and every scope the calls need', () => {
    expect(manifest.features.app_home.home_tab_enabled).toBe(true);
    expect(manifest.oauth_config.scopes.bot).toEqual(
      expect.arrayContaining(['commands', 'chat:write', 'channels:join', 'channels:history', 'groups:history', 'reactions:read', 'users:read']),
    );
  });
});
