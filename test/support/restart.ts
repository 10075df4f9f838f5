import { type Bot, startBot } from '../../src/bot.js';
import type { Harness } from './harness.js';
import { SlackRequests } from './slack-requests.js';

/** Another bot on the harness's database, as a replica behind the same load balancer would be. */
export async function replica(h: Harness): Promise<{ bot: Bot; slack: SlackRequests }> {
  const bot = await startBot(h.env, { database: h.database, log: h.bot.deps.log });
  return { bot, slack: new SlackRequests(`http://127.0.0.1:${bot.port}`, h.env.SLACK_SIGNING_SECRET!) };
}

/**
 * Stops the harness's bot (what it did lives on only in the database and at Slack) and starts a
 * fresh one on the same database in its place: the team helpers and idle() then go to the new one,
 * and closing the harness stops it.
 */
export async function restart(h: Harness): Promise<Bot> {
  const old = h.bot;
  await old.stop();
  const { bot, slack } = await replica(h);
  h.bot = bot;
  h.slack = slack;
  h.idle = () => bot.idle();
  // The harness closes the bot it started: by now, that is this one.
  old.stop = () => bot.stop();
  return bot;
}
