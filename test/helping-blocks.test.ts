import { describe, expect, it } from 'vitest';
import { askMessage } from '../src/asks/blocks.js';
import { creditDm, creditModal, creditThanks, offerBlocks } from '../src/asks/credit-blocks.js';
import { claimedDm, goWithButton, handedBackDm, releasedDm } from '../src/asks/loop-blocks.js';
import type { Ask } from '../src/asks/queries.js';
import { checkBlockKit } from '../src/local-slack/block-kit.js';
import { liveMentions } from './support/mentions.js';

const ask = (over: Partial<Ask> = {}): Ask =>
  ({
    id: '6f1c3b2a-0000-4000-8000-000000000001',
    teamId: 'T1',
    enterpriseId: null,
    askerId: 'UASKER',
    channelId: 'CASKS',
    messageTs: '1800000000.000100',
    permalink: 'https://example.slack.com/archives/CASKS/p1800000000000100',
    isPrivate: false,
    externallyShared: false,
    text: 'we want to start a blog <!channel>',
    details: null,
    deadline: null,
    skills: ['Blogging'],
    status: 'open',
    createdAt: new Date(),
    resolvedAt: null,
    resolvedBy: null,
    remindedAt: null,
    requestKey: null,
    anonymous: false,
    claimedBy: null,
    claimedAt: null,
    claimNudgedAt: null,
    escalationStep: 0,
    ...over,
  }) as Ask;

describe('helping loop blocks', () => {
  it('a Go with button fits Slack: a very long display name is cut, never the words around it', () => {
    const button = goWithButton(ask().id, { userId: 'UHELPER', name: 'x'.repeat(200) });
    expect(button.text.text.length).toBeLessThanOrEqual(75);
    expect(button.text.text.startsWith('Go with @')).toBe(true);
    expect(checkBlockKit('chat.postMessage', { text: 't', blocks: [{ type: 'actions', elements: [button] }] })).toBe(
      undefined,
    );
  });

  it('the ask message says who is on it', () => {
    expect(JSON.stringify(askMessage(ask({ claimedBy: 'UHELPER' }), ['UHELPER']))).toContain('<@UHELPER> is on it');
  });

  it('messages others see about an anonymous ask never name its asker, and user text never pings', () => {
    const anonymous = ask({ anonymous: true, claimedBy: 'UHELPER' });
    const seen = [
      JSON.stringify(claimedDm(anonymous)),
      releasedDm(anonymous, 'UHELPER'),
      JSON.stringify(creditDm(anonymous, 'thanks <!here>', [])),
      creditThanks({ ...anonymous, status: 'resolved', resolvedBy: 'UASKER' }, ['UHELPER'], ['UHELPER', 'UOTHER']),
    ];
    for (const text of seen) {
      expect(text).not.toContain('UASKER');
      expect(liveMentions(text)).toEqual([]);
    }
    expect(seen[0]).toContain('The asker is going with you');
  });

  it('the credit form and DMs stay within Block Kit limits with twenty people, a full note and five offers', () => {
    const people = Array.from({ length: 30 }, (_, i) => `U${String(i).padStart(8, '0')}`);
    const form = creditModal(ask({ text: 'a'.repeat(2000) }), people, { askId: ask().id, responseUrl: 'https://x' });
    expect(checkBlockKit('views.open', { view: form })).toBe(undefined);
    const helpers = form.blocks.find((b) => b.block_id === 'helpers') as { element: { initial_users: string[] } };
    expect(helpers.element.initial_users).toHaveLength(20);
    const offers = Array.from({ length: 9 }, (_, i) => ({ slug: `s${i}`, name: `Skill ${'n'.repeat(80)} ${i}` }));
    expect(offerBlocks(offers)).toHaveLength(10);
    const dm = creditDm(ask(), '<b>&'.repeat(250), offers);
    expect(checkBlockKit('chat.postMessage', dm)).toBe(undefined);
    const back = handedBackDm(ask(), 'UHELPER', 2, [{ userId: 'UOTHER', name: 'Other' }]);
    expect(checkBlockKit('chat.postMessage', back)).toBe(undefined);
  });
});
