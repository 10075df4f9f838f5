import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './support/harness.js';

let h: Harness;
beforeAll(async () => {
  // Four seconds in a row, starting 12 s from now: the test has posted its ask and declared its
  // skill by then (a run in the middle of that would plan the blogger's week without the skill),
  // and sees the schedule fire, then fire again without a second digest.
  const first = Math.floor(Date.now() / 1000) + 12;
  const seconds = [0, 1, 2, 3].map((i) => (first + i) % 60).join(',');
  h = await startHarness({ env: { DIGEST_CRON: `${seconds} * * * * *`, DIGEST_TIMEZONE: 'Europe/London' } });
});
afterAll(async () => {
  await h?.close();
});

describe('npm start schedules the digest', () => {
  it('on DIGEST_CRON the digest goes out by itself, and only once that week', async () => {
    const team = h.team();
    const [asker, blogger] = [team.user(), team.user()];
    await team.ask(asker, 'we want to start a blog, who can help?');
    // Declared after the ask went out: no match notice told them, so the digest is their news.
    await team.skills(blogger, 'add blogging');
    const digests = () =>
      h.emulator.callsTo(
        'chat.postMessage',
        (a) => a.channel === blogger && a.metadata?.event_type === 'who_can_help_digest',
      );
    // The first run plans the whole week (every workspace of the shared test database) before
    // sending: seconds on a loaded machine.
    const deadline = Date.now() + 30_000;
    while (digests().length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    // Let it fire the other times: still one digest.
    await new Promise((r) => setTimeout(r, 4000));
    expect(digests()).toHaveLength(1);
  }, 45_000);
});
