import { describe, expect, it } from 'vitest';
import { isoWeek } from '../src/digest/week.js';
import { loadCatalogue } from '../src/skills/catalogue.js';
import { normaliseSkill, parseSkillList } from '../src/skills/normalise.js';
import { parseSkillsCommand } from '../src/skills/parse.js';

describe('/skills forms', () => {
  it.each([
    ['', { verb: 'form' }],
    ['help', { verb: 'help' }],
    ['ADD Python, python', { verb: 'add', capped: 0 }],
    ['interests welsh', { verb: 'interest' }],
    ['remove blogging', { verb: 'remove' }],
    ['list', { verb: 'list' }],
    ['list <@U123ABC|ann>', { verb: 'list', who: 'U123ABC' }],
    ['list ann', { verb: 'list', unresolved: 'ann' }],
    ['who data viz', { verb: 'who', query: 'data viz' }],
    ['digest off', { verb: 'digest', on: false }],
    ['digest ON', { verb: 'digest', on: true }],
    ['digest sometimes', { verb: 'invalid', reason: 'digest_usage' }],
    ['forget me', { verb: 'forget' }],
    ['forget you', { verb: 'invalid', reason: 'forget_usage' }],
    ['add', { verb: 'invalid', reason: 'empty_list' }],
    ['dance', { verb: 'unknown', text: 'dance' }],
  ])('%j', (text, expected) => {
    expect(parseSkillsCommand(text)).toMatchObject(expected);
  });

  it('caps a long list at 50 and counts what it left out', () => {
    const cmd = parseSkillsCommand(`add ${Array.from({ length: 60 }, (_, i) => `s${i}`).join(',')}`);
    expect(cmd).toMatchObject({ verb: 'add', capped: 10 });
    expect(cmd.verb === 'add' && cmd.names).toHaveLength(50);
  });
});

describe('skill names', () => {
  it('are tidied, de-duplicated by case and spacing, and keep C#, C++ and .NET', () => {
    expect(parseSkillList('Python, python ,  PYTHON; "Data  viz"., C#, C++, .NET').map((s) => s.name)).toEqual([
      'Python',
      'Data viz',
      'C#',
      'C++',
      '.NET',
    ]);
  });

  it('turn Slack markup into readable text', () => {
    expect(normaliseSkill('<!channel> wrangling').name).toBe('@channel wrangling');
    expect(normaliseSkill('<@U1|boss> pleasing').name).toBe('@boss pleasing');
    expect(normaliseSkill('a &lt;b&gt; &amp; c').name).toBe('a <b> & c');
  });
});

describe('the catalogue', () => {
  it('has at least 150 skills, and no alias or name belongs to two of them', () => {
    const catalogue = loadCatalogue();
    expect(catalogue.length).toBeGreaterThanOrEqual(150);
    const terms = catalogue.flatMap((e) => [e.name, ...e.aliases].map((t) => normaliseSkill(t).norm));
    expect(new Set(terms).size).toBe(terms.length);
  });
});

describe('isoWeek', () => {
  it.each([
    ['2026-11-27T12:00:00Z', 'UTC', '2026-W48'],
    ['2027-01-01T12:00:00Z', 'UTC', '2026-W53'],
    ['2026-12-28T00:30:00Z', 'America/New_York', '2026-W52'],
    ['2026-12-27T23:30:00Z', 'Europe/Berlin', '2026-W53'],
  ])('%s in %s is %s', (at, tz, week) => {
    expect(isoWeek(new Date(at), tz)).toBe(week);
  });
});
