import type { AddressInfo, Server } from 'node:net';
import { App, LogLevel } from '@slack/bolt';

// The yardstick for ack latency: a Bolt app in HTTP mode with the bot's receiver settings whose
// /ask only acks and whose reaction_added does nothing (Bolt acks events itself).
const app = new App({
  token: process.env.SLACK_BOT_TOKEN,
  signingSecret: process.env.SLACK_SIGNING_SECRET,
  endpoints: '/slack/events',
  clientOptions: { slackApiUrl: process.env.SLACK_API_URL },
  logLevel: LogLevel.ERROR,
});
app.command('/ask', async ({ ack }) => ack());
app.event('reaction_added', async () => {});

const server = (await app.start(Number(process.env.PORT ?? 0))) as Server;
console.log(JSON.stringify({ level: 30, msg: 'bare app is running', port: (server.address() as AddressInfo).port }));
process.once('SIGTERM', () => void app.stop().then(() => process.exit(0)));
