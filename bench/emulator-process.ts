import { SlackEmulator } from '../src/local-slack/emulator.js';

// The Slack Web API emulator in a process of its own, so answering the bot's calls never holds up
// the load generator's clock. Started by bench/processes.ts; answers over IPC.
const emulator = await new SlackEmulator().start();
const team = process.env.BENCH_TEAM!;
const admins = new Set(JSON.parse(process.env.BENCH_ADMINS ?? '[]') as string[]);
for (const id of JSON.parse(process.env.BENCH_USERS!) as string[])
  emulator.users.set(id, { id, team_id: team, tz: 'Europe/London', is_admin: admins.has(id) });

// When each call arrived (wall clock, as the load generator's is), to time an ask from ack to broadcast.
const arrived = new WeakMap<object, number>();
const push = emulator.calls.push.bind(emulator.calls);
emulator.calls.push = (...calls) => {
  for (const c of calls) arrived.set(c, Date.now());
  return push(...calls);
};

type Request = { id: number; cmd: 'calls' | 'posts'; channel?: string };

process.on('message', (m: Request) => {
  if (m.cmd === 'calls') {
    process.send!({ id: m.id, calls: emulator.calls.length, responses: emulator.responses.length });
  } else {
    // The messages posted to a channel (asks, for the reactions benchmark to react to).
    const posts = emulator
      .callsTo('chat.postMessage', (a) => a.channel === m.channel && !a.thread_ts)
      .filter((c) => c.result?.ok);
    process.send!({
      id: m.id,
      posts: posts.map((c) => ({ channel: c.result!.channel, ts: c.result!.ts, at: arrived.get(c) ?? 0 })),
    });
  }
});
process.on('disconnect', () => process.exit(0));
process.send!({ id: 0, url: emulator.url });
