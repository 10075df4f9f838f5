import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { App } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { connectPglite } from '../src/db/pglite.js';
import { loadEnv } from '../src/env.js';
import { features } from '../src/features.js';
import { slackClients } from '../src/installations/clients.js';
import { BOT_SCOPES } from '../src/installations/scopes.js';
import { createLogger } from '../src/logger.js';
import { startOutbox } from '../src/runtime/outbox.js';
import { startPresence } from '../src/runtime/presence.js';
import { ACTIONS, VIEWS } from '../src/slack/ids.js';

// The parsed YAML, read loosely: the assertions below are its schema.
type Manifest = any;
const read = (file: string): Manifest => parse(readFileSync(new URL(`../${file}`, import.meta.url), 'utf8'));
const socket = read('manifest.yml');
const http = read('manifest.http.yml');
const srcDir = fileURLToPath(new URL('../src', import.meta.url));
const sources = [...readdirSync(srcDir, { recursive: true })]
  .filter((f) => String(f).endsWith('.ts'))
  .map((f) => readFileSync(join(srcDir, String(f)), 'utf8'));

const EVENTS_URL = 'https://YOUR-HOST/slack/events';
const REDIRECT_URL = 'https://YOUR-HOST/slack/oauth_redirect';

/** Registers every feature on a real Bolt app and records what each one listens to. */
async function registered() {
  const app = new App({ token: 'xoxb-manifest-test', signingSecret: 'manifest-test', deferInitialization: true });
  const seen = {
    commands: [] as string[],
    events: [] as string[],
    actions: [] as string[],
    views: [] as string[],
    options: [] as string[],
  };
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
  await database.migrate();
  const log = createLogger('silent');
  const presence = await startPresence(database, log);
  const outbox = startOutbox(database.db, presence, slackClients(env, database.db, log), log);
  for (const register of features) register(app, { db: database.db, env, log, outbox });
  await outbox.stop(0);
  await presence.stop();
  await database.close();
  return seen;
}

/** Every URL in a manifest with the key that holds it. */
function urls(node: unknown, key = ''): Array<[string, string]> {
  if (typeof node === 'string') return /^https?:/.test(node) ? [[key, node]] : [];
  if (Array.isArray(node)) return node.flatMap((item) => urls(item, key));
  if (node && typeof node === 'object') return Object.entries(node).flatMap(([k, v]) => urls(v, k));
  return [];
}

/** A manifest without what Socket Mode and HTTP set differently: the transport and the URLs. */
function withoutTransport(manifest: Manifest): Manifest {
  const m = structuredClone(manifest);
  delete m.settings.socket_mode_enabled;
  delete m.settings.event_subscriptions.request_url;
  delete m.settings.interactivity.request_url;
  delete m.settings.interactivity.message_menu_options_url;
  delete m.oauth_config.redirect_urls;
  for (const command of m.features.slash_commands) delete command.url;
  return m;
}

const seen = await registered();

describe.each([
  ['manifest.yml', socket],
  ['manifest.http.yml', http],
])('%s', (_file, manifest: Manifest) => {
  const manifestCommands: string[] = manifest.features.slash_commands.map((c: { command: string }) => c.command);
  const botEvents: string[] = manifest.settings.event_subscriptions.bot_events;

  it('declares every slash command the code handles, and the code handles every one it declares', () => {
    expect([...seen.commands].sort()).toEqual([...manifestCommands].sort());
  });

  it('subscribes to every event the code listens to', () => {
    expect(seen.events).toEqual(
      expect.arrayContaining(['app_home_opened', 'app_uninstalled', 'tokens_revoked', 'reaction_added', 'message']),
    );
    for (const event of seen.events) {
      if (event === 'message')
        expect(botEvents).toEqual(expect.arrayContaining(['message.channels', 'message.groups']));
      else expect(botEvents).toContain(event);
    }
  });

  it('turns interactivity on for the buttons and forms', () => {
    expect(seen.actions).toEqual(
      expect.arrayContaining(['ask_volunteer', 'ask_resolve', 'skills_forget_me', 'digest_stop']),
    );
    // The helping loop: taking an ask on, handing it back, and the skill offered after a credit.
    expect(seen.actions).toEqual(
      expect.arrayContaining([
        'ask_go_with',
        'ask_hand_back',
        'ask_still_on_it',
        'skill_offer_add',
        'skill_offer_decline',
      ]),
    );
    // People in control of their notices: under every match DM, match mention and digest entry.
    expect(seen.actions).toEqual(expect.arrayContaining(['notice_not_my_area', 'notice_snooze']));
    // The follow-ups: the asker's check-in and expiry DMs.
    expect(seen.actions).toEqual(expect.arrayContaining(['ask_follow_up_resolve', 'ask_still_looking']));
    expect(seen.views).toEqual(expect.arrayContaining(['ask_modal', 'skills_modal', 'ask_credit_modal']));
    // An anonymous asker's Reply to @X, which opens a group DM (mpim:write).
    expect(seen.actions).toContain('ask_reveal_to_volunteer');
    expect(manifest.oauth_config.scopes.bot).toContain('mpim:write');
    // Reading a group DM back after an interrupted send, so a retried introduction is not lost nor doubled.
    expect(manifest.oauth_config.scopes.bot).toContain('mpim:history');
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
  });

  it('has the Home tab, org-wide installs, no token rotation, and the scopes an OAuth install asks for', () => {
    expect(manifest.features.app_home.home_tab_enabled).toBe(true);
    expect(manifest.settings.org_deploy_enabled).toBe(true);
    expect(manifest.settings.token_rotation_enabled).toBe(false);
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual([...BOT_SCOPES].sort());
  });
});

describe('manifest variants', () => {
  it('agree on everything but where Slack sends requests', () => {
    expect(withoutTransport(http)).toEqual(withoutTransport(socket));
  });

  it('Socket Mode: socket on, and no URL anywhere', () => {
    expect(socket.settings.socket_mode_enabled).toBe(true);
    expect(urls(socket)).toEqual([]);
  });

  it('HTTP: socket off, every request at the endpoint the app serves, OAuth back at its redirect', () => {
    expect(sources.join('\n')).toContain(`'${new URL(EVENTS_URL).pathname}'`);
    expect(http.settings.socket_mode_enabled).toBe(false);
    expect(http.settings.event_subscriptions.request_url).toBe(EVENTS_URL);
    expect(http.settings.interactivity.request_url).toBe(EVENTS_URL);
    expect(seen.options.length).toBeGreaterThan(0);
    expect(http.settings.interactivity.message_menu_options_url).toBe(EVENTS_URL);
    for (const command of http.features.slash_commands) expect(command.url).toBe(EVENTS_URL);
    expect(http.oauth_config.redirect_urls).toEqual([REDIRECT_URL]);
    for (const [key, url] of urls(http)) expect(url).toBe(key === 'redirect_urls' ? REDIRECT_URL : EVENTS_URL);
  });
});

it('every action, form and picker the code renders has a listener', () => {
  const rendered = new Set(
    sources
      .flatMap((text) => [...text.matchAll(/(?:action_id|callback_id): (ACTIONS|VIEWS)\.(\w+)/g)])
      .map((m) => (m[1] === 'ACTIONS' ? ACTIONS : VIEWS)[m[2] as never] as string),
  );
  expect(rendered.size).toBeGreaterThanOrEqual(8);
  for (const id of rendered) expect([...seen.actions, ...seen.views, ...seen.options]).toContain(id);
});
