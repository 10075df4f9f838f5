import { decodeEntities } from '../slack/mrkdwn.js';

/** Longest skill name kept, in characters. */
export const SKILL_NAME_MAX = 80;
/** Most skills one command or form can declare at once. */
export const SKILLS_PER_COMMAND_MAX = 50;
/** `/skills` text read, at most: 50 names of 80 characters with room to spare. Longer text is cut first. */
export const SKILLS_TEXT_MAX = 6000;

export interface SkillName {
  /** As the person typed it, tidied: what is shown. */
  name: string;
  /** The key two spellings share: lower case, single spaces, no surrounding punctuation. */
  norm: string;
}

/**
 * Slack sends mentions and links in command text as <@U1|ann>, <#C1|general>, <!here>,
 * <https://x|label>: keep only the words a person would read.
 */
function unSlack(text: string): string {
  const readable = text
    .replace(/<@[A-Z0-9]+\|([^>]+)>/g, '@$1')
    .replace(/<#[A-Z0-9]+\|([^>]*)>/g, '#$1')
    .replace(/<!subteam\^[A-Z0-9]+\|?([^>]*)>/g, '$1')
    .replace(/<!([a-z]+)(\|[^>]*)?>/g, '@$1')
    .replace(/<([^|>]+)\|([^>]+)>/g, '$2')
    .replace(/<([^>]+)>/g, '$1');
  return decodeEntities(readable);
}

const LEADING = /[\s"'`“”‘’,;:!?*_~()[\]{}-]/;
const TRAILING = /[\s"'`“”‘’.,;:!?*_~()[\]{}-]/;

/** Strips punctuation from both ends by walking in: an end-anchored pattern retries from every position. */
function trimEnds(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && LEADING.test(text[start]!)) start += 1;
  while (end > start && TRAILING.test(text[end - 1]!)) end -= 1;
  return text.slice(start, end);
}

function tidy(raw: string): SkillName {
  const name = trimEnds(raw.normalize('NFKC').replace(/\s+/g, ' ')).trim();
  return { name, norm: name.toLowerCase() };
}

/** Text cut off mid-name: everything up to its last separator, so no name is kept half typed. */
export function wholeNames(cutText: string): string {
  const last = Math.max(cutText.lastIndexOf(','), cutText.lastIndexOf(';'), cutText.lastIndexOf('\n'));
  return last < 0 ? '' : cutText.slice(0, last);
}

export function normaliseSkill(raw: string): SkillName {
  return tidy(unSlack(raw));
}

/** "Python, python , PYTHON; data viz" → the distinct skills, in the order first typed. */
export function parseSkillList(text: string): SkillName[] {
  const seen = new Map<string, SkillName>();
  for (const part of unSlack(text).split(/[,;\n]+/)) {
    const skill = tidy(part);
    if (skill.norm && !seen.has(skill.norm)) seen.set(skill.norm, skill);
  }
  return [...seen.values()];
}
