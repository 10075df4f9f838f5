import { describe, expect, it } from 'vitest';
import { digestMessage } from '../src/digest/blocks.js';
import { dryRunReport, plainText } from '../src/digest/dry-run.js';
import { duration, progressFigures, progressLine } from '../src/digest/progress.js';

const start = 1_000_000;
const going = {
  week: '2026-W48',
  planned: 120,
  toSend: 120,
  sent: 30,
  failed: 2,
  retry: 0,
  rateLimited: 1,
  since: start,
};

describe('the digest progress line', () => {
  it('says what is planned, sent, failed and waiting on Slack, and the time left at the pace so far', () => {
    // 32 done in 64 s: 2 s each, 88 to go.
    expect(progressLine(going, start + 64_000)).toBe(
      "Digest 2026-W48: 120 planned · 30/120 sent · 2 failed · 1 waiting on Slack's rate limit · about 2m 56s left",
    );
  });

  it('says planning while it plans, and has no time left to guess before the first DM', () => {
    expect(progressLine({ week: '2026-W48', planned: null }, start)).toBe('Digest 2026-W48: planning…');
    expect(progressLine({ week: '2026-W48', planned: 120 }, start)).toBe(
      'Digest 2026-W48: 120 planned · about to send',
    );
    const first = { ...going, sent: 0, failed: 0, rateLimited: 0 };
    expect(progressLine(first, start + 5000)).toContain('time left unknown yet');
    expect(progressFigures(first, start + 5000).etaSeconds).toBeNull();
  });

  it('counts digests to retry as done, and never goes below nothing left', () => {
    const over = { ...going, toSend: 10, sent: 9, failed: 1, retry: 3 };
    expect(progressLine(over, start + 1000)).toContain('3 to retry');
    expect(progressFigures(over, start + 1000)).toMatchObject({ etaSeconds: 0, retry: 3 });
  });

  it('gives the same figures to the JSON log line', () => {
    expect(progressFigures(going, start + 64_000)).toEqual({
      week: '2026-W48',
      planned: 120,
      toSend: 120,
      sent: 30,
      failed: 2,
      retry: 0,
      rateLimited: 1,
      etaSeconds: 176,
    });
  });

  it('writes durations as a person would', () => {
    expect([duration(0), duration(59), duration(75), duration(3725)]).toEqual(['0s', '59s', '1m 15s', '1h 2m']);
  });
});

describe('the dry run', () => {
  const ask = {
    id: 'A1',
    askerId: 'UASKER',
    text: 'we want to start a blog & a <podcast>',
    permalink: 'https://example.slack.com/archives/C1/p1',
    status: 'open',
    isPrivate: false,
    skills: ['Blogging'],
  };
  const message = digestMessage(
    { matches: [{ askId: 'A1' }], moreMatches: 2, own: [], moreOwn: 0, noSkills: false, askChannel: 'CASKS' },
    new Map([['A1', ask]]),
    ['Blogging'],
  )!;

  it('shows a digest as plain text: mentions, links and buttons readable without Slack', () => {
    const text = plainText(message.blocks);
    expect(text).toContain('Your week on Who Can Help');
    expect(text).toContain('@UASKER asks: “we want to start a blog & a <podcast>”');
    expect(text).toContain('View the ask (https://example.slack.com/archives/C1/p1)');
    expect(text).toContain('[I can help]');
    expect(text).toContain('…and 2 more in #CASKS.');
    expect(text).toContain('[Stop these]');
    expect(text).not.toMatch(/<@|&amp;|&lt;/);
  });

  it('reports counts per workspace when there are several, and says nothing was sent or saved', () => {
    const report = dryRunReport(
      {
        week: '2026-W48',
        planned: 5,
        workspaces: [
          { teamId: 'T1', people: 3, asks: 2, sent: 0 },
          { teamId: 'T2', people: 2, asks: 1, sent: 0 },
        ],
        sample: { teamId: 'T1', userId: 'U1', text: 'Hello\n\nworld' },
      },
      false,
    );
    expect(report).toContain('nothing was sent to Slack and nothing was saved');
    expect(report).toContain('5 people would get a digest, from 3 asks of the week.');
    expect(report).toContain('  T1: 3 people, 2 asks\n  T2: 2 people, 1 ask\n');
    expect(report).toContain('Sample digest, for U1 in T1:\n\n    Hello\n    \n    world\n');
  });
});
