import { createHmac } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'drizzle-orm';
import { type Db, rowsOf } from '../src/db/client.js';
import { slashCommand } from './load.js';
import { memoryOf, sampleRss, settle, startApp, startEmulator } from './processes.js';
import { mb, met } from './stats.js';

const ADMIN = 'U1';

/** Its log lines at warn level or above, counted by message. */
function warned(log: string): string {
  const counts = new Map<string, number>();
  for (const line of log.split('\n')) {
    const m = /"level":(\d+).*?"msg":"([^"]*)"/.exec(line);
    if (m && Number(m[1]) >= 40) counts.set(m[2]!, (counts.get(m[2]!) ?? 0) + 1);
  }
  return [...counts].map(([msg, n]) => `${n} × ${msg}`).join('; ') || 'none';
}
const LIMIT = 200 * 2 ** 20;

/**
 * The bot's own memory (issue 15: under its 200 MB steady target) while it serves the talent map
 * and report of the seeded workspace: `dist/main.js` in its own process on the seeded database,
 * the Slack emulator as its Web API (charts drawn and uploaded through it), and the snapshot job
 * rebuilding both snapshots in the background. RSS from /proc: idle after start, the highest
 * seen while serving, and idle 30 s after.
 */
export async function talentBotMemory(db: Db, url: string, team: string): Promise<Record<string, string>> {
  const emulator = await startEmulator(team, [ADMIN, 'U2'], [ADMIN]);
  const secret = 'bench-talent-signing-secret';
  const bot = await startApp('../dist/main.js', {
    SLACK_BOT_TOKEN: 'xoxb-bench-token',
    SLACK_SIGNING_SECRET: secret,
    SLACK_API_URL: emulator.url,
    DATABASE_URL: url,
    LOG_LEVEL: 'info',
    // The shortest period, so a tick falls within the run.
    TALENT_SNAPSHOT_MINUTES: '1',
    // The seed's year of open asks would set reminders, expiry and check-ins going (thousands of
    // notices to people the emulator does not know): this measures the map, so they wait 10 years.
    REMINDER_AFTER_HOURS: '87600',
    ASK_EXPIRY_DAYS: '3650',
    CLAIM_NUDGE_DAYS: '3650',
    CHECK_IN_DAYS: '3650',
  });
  try {
    const respondTo = emulator.url.replace(/\/api\/$/, '/respond/');
    let n = 0;
    const send = async (text: string) => {
      const { body, contentType } = slashCommand(team, {
        command: '/skills',
        text,
        user_id: ADMIN,
        channel_id: 'CBENCH',
        response_url: `${respondTo}talent${++n}`,
      });
      const timestamp = String(Math.floor(Date.now() / 1000));
      const mac = createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex');
      const res = await fetch(`${bot.url}/slack/events`, {
        method: 'POST',
        body,
        headers: {
          'content-type': contentType,
          'x-slack-request-timestamp': timestamp,
          'x-slack-signature': `v0=${mac}`,
        },
      });
      if (res.status !== 200) throw new Error(`/skills ${text}: ${res.status}`);
    };
    await sleep(15_000);
    const idle = memoryOf(bot.pid).rss;
    const callsAtIdle = (await emulator.counts()).calls;
    const sampling = sampleRss(bot.pid);
    const serving = performance.now();
    // Plain reads, then an admin's refresh (counted on demand, charts redrawn), then plain again.
    for (const suffix of ['', ' refresh', '']) {
      await send(`map${suffix}`);
      await send(`report${suffix}`);
      await settle(emulator, 2000, (responses) => responses >= n);
    }
    // No snapshot left: the next tick of the job must count both kinds again, in the background.
    await db.execute(sql`delete from talent_snapshots where team_id = ${team}`);
    const cleared = Date.now();
    let rebuilt = 0;
    while (rebuilt < 2 && Date.now() - cleared < 90_000) {
      await sleep(1000);
      [{ rebuilt = 0 } = {}] = await rowsOf<{ rebuilt: number }>(
        db,
        sql`select count(*)::int as rebuilt from talent_snapshots where team_id = ${team}`,
      );
    }
    const peak = sampling.stop();
    const servedFor = (performance.now() - serving) / 1000;
    await sleep(30_000);
    const after = memoryOf(bot.pid).rss;
    const { calls } = await emulator.counts();
    const peakLabel = `the bot RSS peak over ${servedFor.toFixed(0)} s: map and report × 3 (one refresh), job rebuild`;
    return {
      'the bot (its own process) RSS at idle 15 s after start (target < 200 MB)': `${mb(idle)}, ${met(idle < LIMIT)}`,
      [peakLabel]: `${mb(peak)} (snapshots rebuilt by the job: ${rebuilt} of 2)`,
      'the bot RSS at idle 30 s after (target < 200 MB)': `${mb(after)}, ${met(after < LIMIT)}`,
      'the bot: warnings and errors logged, by message': `${bot.warnings()}: ${warned(bot.output())}`,
      'Web API calls the bot made by the end of its idle start / in all': `${callsAtIdle} / ${calls}`,
    };
  } finally {
    await bot.stop();
    emulator.stop();
  }
}
