import type { AddressInfo, Server } from 'node:net';
import { App, LogLevel } from '@slack/bolt';
import { ACTIONS, COMMANDS, EVENTS } from '../src/slack/ids.js';

// The yardstick for ack latency: a Bolt app in HTTP mode with the bot's receiver settings whose
// commands and buttons only ack and whose events do nothing (Bolt acks events itself): the same
// requests the bot answers, each acked as soon as Bolt can.
const app = new App({
  token: process.env.SLACK_BOT_TOKEN,
  signingSecret: process.env.SLACK_SIGNING_SECRET,
  endpoints: '/slack/events',
  clientOptions: { slackApiUrl: process.env.SLACK_API_URL },
  logLevel: LogLevel.ERROR,
});
for (const command of Object.values(COMMANDS)) app.command(command, async ({ ack }) => ack());
app.action(ACTIONS.volunteer, async ({ ack }) => ack());
for (const event of [EVENTS.reactionAdded, EVENTS.message, EVENTS.appHomeOpened]) app.event(event, async () => {});

const server = (await app.start(Number(process.env.PORT ?? 0))) as Server;
console.log(JSON.stringify({ level: 30, msg: 'bare app is running', port: (server.address() as AddressInfo).port }));
process.once('SIGTERM', () => void app.stop().then(() => process.exit(0)));
