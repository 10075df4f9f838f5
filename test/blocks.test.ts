import { describe, expect, it } from 'vitest';
import { askMessage, thanksMessage, tooLongMessage } from '../src/asks/blocks.js';
import type { Ask } from '../src/asks/queries.js';
import { digestMessage } from '../src/digest/blocks.js';
import type { DigestAsk, DigestToSend } from '../src/digest/content.js';
import { checkBlockKit } from '../src/local-slack/block-kit.js';
import { skillsModal, whoResults } from '../src/skills/blocks.js';
import { escapedChunks } from '../src/slack/mrkdwn.js';
import { liveMentions } from './support/mentions.js';

const ask = (over: Partial<Ask> = {}): Ask => ({
  id: '6f1c3b2a-0000-4000-8000-000000000001',
  teamId: 'T1',
  enterpriseId: null,
  askerId: 'UASKER',
  channelId: 'CASKS',
  messageTs: '1800000000.000100',
  permalink: 'https://example.slack.com/archives/CASKS/p1800000000000100',
  isPrivate: false,
  externallyShared: false,
  text: 'we want to start a blog',
  details: null,
  deadline: null,
  skills: [],
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
  askerDmChannel: null,
  askerDmTs: null,
  checkedInAt: null,
  editedAt: null,
  heldSkills: [],
  ...over,
});

describe('Block Kit builders stay within Slack limits', () => {
  it('an ask of the longest text and details, all of it needing escapes', () => {
    const message = askMessage(
      ask({ text: '<&>'.repeat(667), details: '<!here>'.repeat(285), skills: ['A'.repeat(60)] }),
      [],
    );
    expect(checkBlockKit('chat.postMessage', message)).toBeUndefined();
    expect(liveMentions(JSON.stringify(message))).toEqual([]);
  });

  it('an ask with 500 volunteers names ten and counts the rest', () => {
    const volunteers = Array.from({ length: 500 }, (_, i) => `U${i}`);
    const message = askMessage(ask(), volunteers);
    expect(JSON.stringify(message)).toContain('and 490 more');
    expect(checkBlockKit('chat.postMessage', message)).toBeUndefined();
  });

  it('a resolved ask has no buttons; the thank-you to 500 volunteers stays under 4,000 characters', () => {
    const volunteers = Array.from({ length: 500 }, (_, i) => `U${String(i).padStart(10, '0')}`);
    const resolved = askMessage(ask({ status: 'resolved', resolvedBy: 'UASKER' }), volunteers);
    expect(JSON.stringify(resolved)).not.toContain('ask_volunteer');
    expect(thanksMessage(ask(), volunteers).length).toBeLessThan(4000);
  });

  it('an expired ask tells apart asks people offered to help with from those nobody did', () => {
    const expired = ask({ status: 'expired' });
    const offered = JSON.stringify(askMessage(expired, ['UCAROL', 'UDAN'], { expiryDays: 30 }));
    expect(offered).toContain('closed after 30 days; 2 people offered to help (<@UCAROL>, <@UDAN>)');
    const nobody = JSON.stringify(askMessage(expired, [], { expiryDays: 30 }));
    expect(nobody).toContain('closed after 30 days with no volunteers');
    expect(nobody).not.toContain('offered');
    expect(offered).not.toContain('ask_asker_menu');
  });

  it('an open ask: the question in bold with the asker menu, one context line, one button', () => {
    const message = askMessage(ask({ skills: ['Blogging'], deadline: '2099-12-04' }), ['UCAROL']);
    const [lead, facts, actions, ...more] = message.blocks as any[];
    expect(lead.text.text).toBe('*we want to start a blog*');
    expect(lead.accessory.options.map((o: any) => o.value.split(':')[0])).toEqual([
      'resolve',
      'edit',
      'close',
      'delete',
    ]);
    expect(facts.elements[0].text).toMatch(/^<@UASKER> asks {2}· {2}\*Skills:\* Blogging {2}· {2}:calendar: Needed by/);
    expect(facts.elements[0].text).toContain('*1 volunteer:* <@UCAROL>');
    expect(actions.elements.map((e: any) => e.action_id)).toEqual(['ask_volunteer']);
    expect(more).toEqual([]);
    expect(checkBlockKit('chat.postMessage', message)).toBeUndefined();
  });

  it('the too-long refusal echoes 5,000 characters back within limits', () => {
    expect(checkBlockKit('chat.postMessage', tooLongMessage('<'.repeat(5000)))).toBeUndefined();
  });

  it('a digest with every section full', () => {
    const content: DigestToSend = {
      matches: Array.from({ length: 10 }, (_, i) => ({ askId: `a${i}` })),
      moreMatches: 40,
      own: Array.from({ length: 10 }, (_, i) => ({ askId: `o${i}`, volunteers: i, replies: 1 })),
      moreOwn: 3,
      noSkills: false,
      askChannel: 'CASKS',
    };
    const asks = new Map<string, DigestAsk>();
    for (let i = 0; i < 10; i++) {
      asks.set(`a${i}`, {
        id: `a${i}`,
        askerId: `U${i}`,
        text: '<!channel> '.repeat(300),
        permalink: 'https://example.slack.com/archives/C1/p1',
        status: 'open',
        isPrivate: false,
        skills: ['Data visualisation'],
      });
      asks.set(`o${i}`, {
        id: `o${i}`,
        askerId: 'UME',
        text: 'x'.repeat(2000),
        permalink: null,
        status: 'open',
        isPrivate: false,
        skills: [],
      });
    }
    const message = digestMessage(content, asks, ['<!here> herding', 'Data visualisation'])!;
    expect(checkBlockKit('chat.postMessage', message)).toBeUndefined();
    expect(liveMentions(JSON.stringify(message))).toEqual([]);
    expect(JSON.stringify(message)).toContain('and 40 more in <#CASKS>');
    expect(JSON.stringify(message)).toContain('Matches your *Data visualisation*');
  });

  it('a digest whose asks all closed since planning is not sent', () => {
    const content: DigestToSend = {
      matches: [{ askId: 'a1' }],
      moreMatches: 0,
      own: [],
      moreOwn: 0,
      noSkills: true,
      askChannel: null,
    };
    const closed = new Map<string, DigestAsk>([
      ['a1', { id: 'a1', askerId: 'U1', text: 'x', permalink: null, status: 'resolved', isPrivate: false, skills: [] }],
    ]);
    expect(digestMessage(content, closed)).toBeNull();
    // Nor one whose asks' channel was made private since.
    const hidden = new Map<string, DigestAsk>([
      ['a1', { id: 'a1', askerId: 'U1', text: 'x', permalink: null, status: 'open', isPrivate: true, skills: [] }],
    ]);
    expect(digestMessage(content, hidden)).toBeNull();
  });

  it('the skills form, loading and full', () => {
    expect(checkBlockKit('views.open', { view: skillsModal(null) })).toBeUndefined();
    const many = Array.from({ length: 50 }, (_, i) => ({
      kind: 'skill' as const,
      name: `Skill ${i}`,
      norm: `skill ${i}`,
      catalogueSlug: `skill-${i}`,
    }));
    expect(checkBlockKit('views.open', { view: skillsModal(many) })).toBeUndefined();
  });

  it('who results escape skill names', () => {
    const text = whoResults(
      '<!here>',
      [{ userId: 'U1', skill: '<!channel> herding', kind: 'skill', score: 1, helped: 0 }],
      1,
    );
    expect(liveMentions(text)).toEqual([]);
  });
});

describe('escapedChunks', () => {
  it('never cuts an escape entity or a surrogate pair, and keeps every character', () => {
    const text = `${'a'.repeat(2898)}<😀&${'b'.repeat(10)}`;
    const chunks = escapedChunks(text);
    expect(chunks.every((c) => c.length <= 2900)).toBe(true);
    expect(chunks.join('')).toBe(text.replace(/&/g, '&amp;').replace(/</g, '&lt;'));
    expect(chunks[1]!.startsWith('&lt;') || chunks[0]!.endsWith('&lt;')).toBe(true);
  });
});
