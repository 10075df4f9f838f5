import { resolve } from 'node:path';
import { runMain } from '../cli.js';
import { createLogger } from '../logger.js';
import { startDemo } from './demo.js';

/** Settings that would point at a real Slack app: with any of them set, the demo will not start. */
const REAL_SLACK = [
  'SLACK_BOT_TOKEN',
  'SLACK_APP_TOKEN',
  'SLACK_SIGNING_SECRET',
  'SLACK_CLIENT_ID',
  'SLACK_CLIENT_SECRET',
  'SLACK_STATE_SECRET',
];
const DEMO_DATA = './demo-data';

/** Why the demo will not start here, or undefined when it may. It never reads .env. */
function refusal(env: NodeJS.ProcessEnv): string | undefined {
  const set = REAL_SLACK.filter((name) => env[name]?.trim());
  if (set.length)
    return (
      `${set.join(', ')} ${set.length === 1 ? 'is' : 'are'} set: the demo plays Slack itself and never uses a real ` +
      'Slack app, so that nothing it does can reach real people. Run it in a shell without them.'
    );
  if (resolve(env.DATA_DIR?.trim() || './data') === resolve(DEMO_DATA))
    return `DATA_DIR is ${DEMO_DATA}, the demo's own folder: the demo keeps its sample data apart from the bot's.`;
  return undefined;
}

await runMain(async () => {
  const why = refusal(process.env);
  if (why) throw new Error(`the demo will not start. ${why}`);
  const args = process.argv.slice(2);
  const port = Number(/^--port=(\d+)$/.exec(args.find((a) => a.startsWith('--port=')) ?? '')?.[1] ?? 3000);
  const log = createLogger(process.env.LOG_LEVEL === 'debug' ? 'debug' : 'warn');
  const started = performance.now();
  const seconds = () => ((performance.now() - started) / 1000).toFixed(1);
  const onServing = (url: string) =>
    process.stdout.write(
      `Who Can Help with a local Slack: open ${url} (served in ${seconds()} s; the bot is starting).\n`,
    );
  const demo = await startDemo({ port, dataDir: DEMO_DATA, reset: args.includes('--reset'), log, onServing });
  process.stdout.write(
    `The bot is ready (${seconds()} s). Act as any colleague from the menu at the top. ` +
      'Ctrl+C stops it; `npm run demo -- --reset` starts afresh.\n',
  );
  const stop = async () => {
    await demo.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
});
