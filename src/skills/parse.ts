import { parseTalentCommand, type TalentCommand } from '../talent/parse.js';
import {
  parseSkillList,
  SKILL_NAME_MAX,
  SKILLS_PER_COMMAND_MAX,
  SKILLS_TEXT_MAX,
  type SkillName,
  wholeNames,
} from './normalise.js';

export type SkillsCommand =
  | { verb: 'form' }
  | { verb: 'help' }
  /** `cut`: the text was longer than SKILLS_TEXT_MAX, so only its start was read. */
  | { verb: 'add' | 'interest'; names: SkillName[]; capped: number; cut?: boolean }
  | { verb: 'remove'; names: SkillName[] }
  | { verb: 'list'; who?: string; unresolved?: string }
  | { verb: 'who'; query: string }
  | { verb: 'digest'; on: boolean }
  /** `/skills history off`: their helping history hidden from others and from ranking. */
  | { verb: 'history'; shown: boolean }
  /** `/skills snooze 2w` (days, or null for `off`): no match notices until then. */
  | { verb: 'snooze'; days: number | null }
  | { verb: 'forget' }
  | { verb: 'export' }
  | {
      verb: 'invalid';
      reason:
        | 'empty_list'
        | 'too_long'
        | 'empty_query'
        | 'digest_usage'
        | 'forget_usage'
        | 'history_usage'
        | 'snooze_usage';
      detail?: string;
    }
  | { verb: 'unknown'; text: string }
  | TalentCommand;

const VERBS: Record<string, 'add' | 'interest' | 'remove'> = {
  add: 'add',
  skill: 'add',
  skills: 'add',
  interest: 'interest',
  interests: 'interest',
  remove: 'remove',
  rm: 'remove',
  delete: 'remove',
};

/** The longest snooze: a quarter of a year, so nobody is forgotten by accident. */
export const SNOOZE_DAYS_MAX = 91;

/** `2w`, `10d`, `2 weeks`, `off`; nothing means two weeks. */
function parseSnooze(rest: string): SkillsCommand {
  if (/^(off|stop|end|no)$/i.test(rest)) return { verb: 'snooze', days: null };
  const m = (rest || '2w').match(/^(\d{1,3})\s*(d|days?|w|wks?|weeks?)$/i);
  if (!m) return { verb: 'invalid', reason: 'snooze_usage' };
  const days = Number(m[1]) * (m[2]!.toLowerCase().startsWith('w') ? 7 : 1);
  if (days < 1 || days > SNOOZE_DAYS_MAX) return { verb: 'invalid', reason: 'snooze_usage' };
  return { verb: 'snooze', days };
}

/** Reads `/skills …` text into what to do; pure, so every form is unit-tested. */
export function parseSkillsCommand(text: string): SkillsCommand {
  // Cut before any parsing: nothing typed needs more, and the list patterns are not for 40 KB.
  const cut = text.length > SKILLS_TEXT_MAX;
  const trimmed = (cut ? text.slice(0, SKILLS_TEXT_MAX) : text).trim();
  if (!trimmed) return { verb: 'form' };
  const verb = trimmed.split(/\s+/)[0]!.toLowerCase();
  const rest = trimmed.slice(verb.length).trim();
  const listVerb = VERBS[verb];
  if (listVerb) {
    const names = parseSkillList(cut ? wholeNames(rest) : rest);
    if (names.length === 0) return { verb: 'invalid', reason: 'empty_list', detail: verb };
    const long = names.find((n) => [...n.name].length > SKILL_NAME_MAX);
    if (long) return { verb: 'invalid', reason: 'too_long', detail: long.name };
    if (listVerb === 'remove') return { verb: 'remove', names };
    return {
      verb: listVerb,
      names: names.slice(0, SKILLS_PER_COMMAND_MAX),
      capped: Math.max(0, names.length - SKILLS_PER_COMMAND_MAX),
      ...(cut ? { cut } : {}),
    };
  }
  switch (verb) {
    case 'help':
      return { verb: 'help' };
    case 'list':
    case 'show': {
      if (!rest) return { verb: 'list' };
      const mention = rest.match(/^<@([UW][A-Z0-9]+)(\|[^>]*)?>$/);
      return mention ? { verb: 'list', who: mention[1] } : { verb: 'list', unresolved: rest };
    }
    case 'who':
      return rest ? { verb: 'who', query: rest.slice(0, 200) } : { verb: 'invalid', reason: 'empty_query' };
    case 'digest':
      if (/^(off|stop|no)$/i.test(rest)) return { verb: 'digest', on: false };
      if (/^(on|start|yes)$/i.test(rest)) return { verb: 'digest', on: true };
      return { verb: 'invalid', reason: 'digest_usage' };
    case 'history':
      if (/^(off|hide|no)$/i.test(rest)) return { verb: 'history', shown: false };
      if (/^(on|show|yes)$/i.test(rest)) return { verb: 'history', shown: true };
      return { verb: 'invalid', reason: 'history_usage' };
    case 'snooze':
      return parseSnooze(rest);
    case 'export':
      if (/^all$/i.test(rest)) return { verb: 'talent', what: 'export_all' };
      return rest ? { verb: 'unknown', text: trimmed } : { verb: 'export' };
    case 'forget':
      return /^me$/i.test(rest) ? { verb: 'forget' } : { verb: 'invalid', reason: 'forget_usage' };
    default:
      return parseTalentCommand(verb, rest) ?? { verb: 'unknown', text: trimmed };
  }
}
