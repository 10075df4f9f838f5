import { describe, expect, it } from 'vitest';
import { readAskForm } from '../src/asks/form.js';
import { readSkillsForm } from '../src/skills/form.js';
import { ACTIONS } from '../src/slack/ids.js';

const text = (value: string) => ({ type: 'plain_text_input', value });
const picked = (...names: string[]) => ({
  type: 'multi_external_select',
  selected_options: names.map((n) => ({ text: { type: 'plain_text' as const, text: n }, value: n.toLowerCase() })),
});

describe('the ask form', () => {
  const opened = JSON.stringify({ channel: 'CASKS' });
  it('reads what was asked, where, by when and which skills, trimmed', () => {
    const values = {
      need: { need: text('  a blog  ') },
      details: { details: text(' for the team ') },
      deadline: { deadline: { type: 'datepicker', selected_date: '2026-12-24' } },
      skills: { [ACTIONS.pickAskSkills]: picked('Blogging') },
    };
    expect(readAskForm(values, opened, '2026-11-30')).toEqual({
      channel: 'CASKS',
      text: 'a blog',
      details: 'for the team',
      deadline: '2026-12-24',
      skillSlugs: ['blogging'],
      anonymous: false,
    });
  });

  it('names each field that is wrong: nothing asked, a past deadline, no channel to post in', () => {
    const values = {
      need: { need: text('   ') },
      deadline: { deadline: { type: 'datepicker', selected_date: '2026-01-01' } },
    };
    expect(readAskForm(values, '', '2026-11-30')).toEqual({
      errors: {
        need: 'Say what you need help with.',
        deadline: 'Pick today or a later date.',
        channel: 'Pick the channel to post your ask in.',
      },
    });
  });
});

describe('the skills form', () => {
  it('merges picked and typed skills, once each (the typed spelling wins)', () => {
    const values = {
      skills: { [ACTIONS.pickSkills]: picked('Python') },
      skills_free: { skills_free: text('python, Blogging') },
      interests_free: { interests_free: text('sourdough') },
    };
    const form = readSkillsForm(values);
    expect('errors' in form).toBe(false);
    if ('errors' in form) return;
    expect(form.skill.map((s) => s.name)).toEqual(['python', 'Blogging']);
    expect(form.interest.map((s) => s.name)).toEqual(['sourdough']);
  });

  it('refuses an over-long typed skill in the field it was typed in', () => {
    const form = readSkillsForm({ interests_free: { interests_free: text('x'.repeat(200)) } });
    expect(form).toEqual({ errors: { interests_free: expect.stringContaining('is too long') } });
  });
});
