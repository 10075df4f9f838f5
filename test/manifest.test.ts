import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { App } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { connectPglite } from '../src/db/client';
import { loadEnv } from '../src/env';
import { features } from '../src/features';
import { createLogger } from '../src/logger';
import { ACTIONS, VIEWS } from '../src/slack/ids';

const manifestText = readFileSync(new URL('../manifest.yml', import.meta.url), 'utf8');
const manifest = parse(manifestText);
const srcDir = fileURLToPath(new URL('../src', import.meta.url));

/** Registers every feature on a real Bolt app and records what each one listens to. */
function registered() {
  const app = new App({ token: 'xoxb-manifest-test', signingSecret: 'manifest-test', deferInitialization: true });
  const seen = { commands: [] as string[], events: [] as string[], actions: [] as string[], views: [] as string[], options: [] as string[] };
  const record = (list: string[]) => (name: unknown) => {
    list.push(String(name));
    return app;
  };
  Object.assign(app, {
    command: record(seen.commands),
    event: record(seen.events),
    action: record(seen.actions),
    view: record(seen.views),
    options: record(seen.options),
  });
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

  it('turns interactivity on for the buttons and forms, and says where HTTP mode loads picker options', () => {
    expect(seen.actions).toEqual(expect.arrayContaining(['ask_volunteer', 'ask_resolve', 'skills_forget_me', 'digest_stop']));
    expect(seen.views).toEqual(expect.arrayContaining(['ask_modal', 'skills_modal']));
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    if (seen.options.length) expect(manifestText).toMatch(/#\s*message_menu_options_url: https:\/\/YOUR-HOST\/slack\/events/);
  });

  it('every action, form and picker the code renders has a listener', () => {
    const rendered = new Set(
      [...readdirSync(srcDir, { recursive: true })]
        .filter((f) => String(f).endsWith('.ts'))
        .flatMap((f) => [...readFileSync(join(srcDir, String(f)), 'utf8').matchAll(/(?:action_id|callback_id): (ACTIONS|VIEWS)\.(\w+)/g)])
        .map((m) => (m[1] === 'ACTIONS' ? ACTIONS : VIEWS)[m[2] as never] as string),
    );
    expect(rendered.size).toBeGreaterThanOrEqual(8);
    for (const id of rendered) expect([...seen.actions, ...seen.views, ...seen.options]).toContain(id);
  });

  it('has the Home tab and every scope the calls need', () => {
    expect(manifest.features.app_home.home_tab_enabled).toBe(true);
    expect(manifest.oauth_config.scopes.bot).toEqual(
      expect.arrayContaining(['commands', 'chat:write', 'channels:join', 'channels:history', 'groups:history', 'reactions:read', 'users:read', 'im:write', 'im:history', 'channels:read', 'groups:read']),
    );
  });
});
