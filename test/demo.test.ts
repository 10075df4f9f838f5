import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { connect } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Demo, startDemo } from '../src/local-slack/demo.js';
import { createLogger } from '../src/logger.js';
import { type FreshDatabase, freshDatabase } from './support/database.js';

// Debian's chromium, driven through playwright-core: no browser download.
const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((path) => existsSync(path));
const IN_CI = Boolean(process.env.CI && process.env.CI !== 'false');
const ARTIFACTS = 'test-artifacts/demo';
/** Set by `npm run demo:screenshot`: where the README's picture of the page goes. */
const README_SHOT = process.env.DEMO_SCREENSHOT;

if (!CHROMIUM && !IN_CI)
  console.warn('Skipping the demo browser test: chromium is not installed (apt-get install chromium). CI runs it.');

/** Whether something answers on this address and port. */
const answers = (host: string, port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect({ host, port, timeout: 2000 });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.once('timeout', () => done(false));
  });

const PRIYA = 'U0PRIYA01';
const SAM = 'U0SAM0001';
const BLOG_ASK = 'we want to start a blog, who can help?';

describe.skipIf(!CHROMIUM && !IN_CI)('the local demo in a real browser', () => {
  let fresh: FreshDatabase;
  let demo: Demo;
  let browser: Browser;
  let page: Page;
  let dataDir: string;
  let step = 0;
  const logs: string[] = [];
  const pageErrors: string[] = [];

  const shot = async (name: string) => {
    await page.screenshot({ path: join(ARTIFACTS, `${String(++step).padStart(2, '0')}-${name}.png`) });
  };
  const actAs = async (user: string) => {
    await page.selectOption('#person', user);
    await expect.poll(() => page.locator('#person').inputValue()).toBe(user);
  };
  const place = (name: string | RegExp) => page.locator('nav .place', { hasText: name }).first();
  const say = async (text: string) => {
    await page.locator('main textarea').fill(text);
    await page.locator('main textarea').press('Enter');
  };
  const askMessage = () => page.locator('main article.message', { hasText: BLOG_ASK }).first();

  beforeAll(async () => {
    if (!CHROMIUM) throw new Error('chromium is not installed: CI must install it (apt-get install chromium)');
    rmSync(ARTIFACTS, { recursive: true, force: true });
    mkdirSync(ARTIFACTS, { recursive: true });
    dataDir = mkdtempSync(join(tmpdir(), 'who-can-help-demo-'));
    fresh = await freshDatabase();
    const log = createLogger('warn', { write: (line: string) => void logs.push(line) });
    demo = await startDemo({ port: 0, dataDir, database: fresh.database, log });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    page = await browser.newPage({ viewport: { width: 1280, height: 760 } });
    page.on('pageerror', (e) => void pageErrors.push(e.message));
    // The first start declares 25 people's skills through the bot: some 10 s, several times that on a loaded machine.
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await demo?.stop();
    await fresh?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('lets someone ask about a blog, the blogger see it and volunteer, the asker hear and resolve it', async () => {
    await page.goto(`${demo.url}?as=${PRIYA}`);
    await expect.poll(() => page.locator('main h2').textContent()).toBe('#ask-anything');
    // The sample organisation's open asks are there from the start.
    await expect.poll(() => page.locator('main article.message').count()).toBeGreaterThanOrEqual(3);

    await say(`/ask ${BLOG_ASK}`);
    await askMessage().waitFor();
    expect(await askMessage().textContent()).toContain('Priya Shah');
    await shot('asked');

    await actAs(SAM);
    await askMessage().getByRole('button', { name: /repl/ }).click();
    const thread = page.locator('#thread');
    await thread.getByText('Sam Okafor').last().waitFor();
    expect(await thread.textContent()).toMatch(/Sam Okafor.*Blogging/s);
    await shot('match-in-thread');

    await askMessage().getByRole('button', { name: 'React with :raising_hand:' }).click();
    await askMessage().getByText('1 volunteer').waitFor();
    expect(await askMessage().locator('.reaction.mine').textContent()).toBe('🙋 1');
    await shot('volunteered');
    if (README_SHOT) {
      // A little smaller than the test's own pictures: the README's is committed, and kept under 150 KB.
      await page.setViewportSize({ width: 1200, height: 700 });
      await page.locator('#messages').evaluate((list) => list.scrollTo(0, list.scrollHeight));
      await page.screenshot({ path: README_SHOT });
      await page.setViewportSize({ width: 1280, height: 760 });
      expect(statSync(README_SHOT).size).toBeLessThan(150_000);
    }

    await actAs(PRIYA);
    await place(/^Who Can Help$/).click();
    // One living DM about the ask, updated as people offer (each newcomer also a reply in its thread).
    const living = page.locator('main article.message', { hasText: 'Your ask' }).filter({ hasText: 'Sam Okafor' });
    await living.waitFor();
    await shot('volunteer-dm');

    // Its link to the ask stays on the page (a local Slack has no web address) and leads back to it.
    await living.locator('a.permalink').first().click();
    await expect.poll(() => page.locator('main h2').textContent()).toBe('#ask-anything');
    // The asker's own controls are in the ⋮ menu on the ask (the channel shows only *I can help*).
    await askMessage().locator('div.accessory select').selectOption({ label: 'Mark resolved (say who helped)' });
    // Whatever the button asks first (its confirm dialog, a form of who helped), the asker goes ahead.
    const confirm = page.locator('dialog.confirm button:not(:first-child)');
    const submit = page.locator('#modal .dialog button[type=submit]');
    await confirm.or(submit).first().waitFor();
    if (await confirm.isVisible()) await confirm.click();
    if (
      await submit.waitFor({ timeout: 2000 }).then(
        () => true,
        () => false,
      )
    ) {
      await shot('resolve-form');
      await submit.click();
    }
    await expect.poll(() => askMessage().textContent()).toMatch(/Resolved\b/);
    expect(await askMessage().getByRole('button', { name: 'Mark resolved' }).count()).toBe(0);
    await shot('resolved');
  }, 60_000);

  it('shows the Home tab and the /skills form, whose catalogue picker asks the bot for options', async () => {
    await place('Home').click();
    await page
      .locator('main .home')
      .getByText(/skills/i)
      .first()
      .waitFor();
    await shot('home');

    await place('general').click();
    await say('/skills');
    const modal = page.locator('#modal .dialog');
    await modal.waitFor();
    const picker = modal.locator('.picker input').first();
    await picker.fill('photo');
    await modal.locator('.choices li', { hasText: 'Photography' }).click();
    await shot('skills-form');
    await modal.getByRole('button', { name: /save|submit/i }).click();
    await expect.poll(() => page.locator('#modal').isHidden()).toBe(true);
    await place('Home').click();
    await page.locator('main .home').getByText('Photography').first().waitFor();
    expect(pageErrors).toEqual([]);
    expect(logs.filter((l) => /"level":(50|60)/.test(l))).toEqual([]);
  }, 60_000);

  it('listens on loopback only: the page and the bot are out of reach from any other address', async () => {
    const pagePort = Number(new URL(demo.url).port);
    expect(new URL(demo.url).hostname).toBe('127.0.0.1');
    expect(await answers('127.0.0.1', pagePort)).toBe(true);
    const outside = Object.values(networkInterfaces())
      .flat()
      .filter((i) => i && !i.internal && i.family === 'IPv4')
      .map((i) => i!.address);
    for (const address of outside) {
      expect(await answers(address, pagePort)).toBe(false);
      expect(await answers(address, demo.ready!.bot.port!)).toBe(false);
    }
  });
});

describe('npm run demo', () => {
  it('refuses to start with a Slack token in the environment, naming it and never printing it', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'who-can-help-demo-refused-'));
    const cli = join(process.cwd(), 'dist/local-slack/demo-cli.js');
    const run = spawnSync(process.execPath, [cli, '--port=0'], {
      cwd,
      env: { PATH: process.env.PATH, SLACK_BOT_TOKEN: 'xoxb-1234-real-looking-token' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('SLACK_BOT_TOKEN is set');
    expect(run.stderr).not.toContain('xoxb-1234');
    // It stopped before making anything: no data folder of its own.
    expect(existsSync(join(cwd, 'demo-data'))).toBe(false);
    rmSync(cwd, { recursive: true, force: true });
  });

  it('refuses to share its data folder with the bot (DATA_DIR)', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'who-can-help-demo-refused-'));
    const run = spawnSync(process.execPath, [join(process.cwd(), 'dist/local-slack/demo-cli.js')], {
      cwd,
      env: { PATH: process.env.PATH, DATA_DIR: './demo-data/' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('DATA_DIR');
    rmSync(cwd, { recursive: true, force: true });
  });
});
