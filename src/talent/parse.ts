import { parseSkillList, SKILL_NAME_MAX, type SkillName } from '../skills/normalise.js';

/** The talent map's `/skills` subcommands; `usage`: typed wrong, answered with how to type it. */
export type TalentCommand = { verb: 'talent' } & (
  | { what: 'map' | 'report'; fresh: boolean }
  | { what: 'export_all' }
  | { what: 'mentor' | 'spotlight'; on: boolean }
  /** Admins: the weekly spotlight's channel, or null to stop it. */
  | { what: 'spotlight_channel'; channel: string | null }
  | { what: 'learn'; names: SkillName[] }
  | { what: 'usage'; text: string }
);

const ON = /^(on|yes|start)$/i;
const OFF = /^(off|no|stop)$/i;
const LEARN_MAX = 5;

const USAGE: Record<string, string> = {
  map: 'Type `/skills map` for the talent map (admins: `/skills map refresh` draws its charts again).',
  report: 'Type `/skills report` for the insights (admins and owners only).',
  mentor: 'Use `/skills mentor on` to offer to teach what you know, or `/skills mentor off` to stop.',
  spotlight:
    'Use `/skills spotlight on` to let the weekly spotlight name you, or `/skills spotlight off`. ' +
    'Admins: `/skills spotlight channel #channel` (or `channel off`) chooses where it is posted.',
  learn: 'Tell me what you would like to learn: `/skills learn python`.',
};

const usage = (verb: string): TalentCommand => ({ verb: 'talent', what: 'usage', text: USAGE[verb]! });

/** Reads a talent subcommand (verb already lower-cased), or undefined when the verb is not one. */
export function parseTalentCommand(verb: string, rest: string): TalentCommand | undefined {
  switch (verb) {
    case 'map':
    case 'report':
      if (!rest || /^refresh$/i.test(rest)) return { verb: 'talent', what: verb, fresh: Boolean(rest) };
      return usage(verb);
    case 'spotlight': {
      const channel = rest.match(/^channel\s+(?:<#([CG][A-Z0-9]+)(?:\|[^>]*)?>|([CG][A-Z0-9]+)|(off|none))$/i);
      if (channel) return { verb: 'talent', what: 'spotlight_channel', channel: channel[1] ?? channel[2] ?? null };
      if (ON.test(rest) || OFF.test(rest)) return { verb: 'talent', what: verb, on: ON.test(rest) };
      return usage(verb);
    }
    case 'mentor':
      if (ON.test(rest) || OFF.test(rest)) return { verb: 'talent', what: verb, on: ON.test(rest) };
      return usage(verb);
    case 'learn': {
      const names = parseSkillList(rest).slice(0, LEARN_MAX);
      if (names.length === 0 || names.some((n) => [...n.name].length > SKILL_NAME_MAX)) return usage(verb);
      return { verb: 'talent', what: 'learn', names };
    }
    default:
      return undefined;
  }
}
