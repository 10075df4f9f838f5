import type { webApi } from '@slack/bolt';
import { snoozedReply, UNSNOOZED } from '../asks/notice-blocks.js';
import type { Deps } from '../deps.js';
import { setDigestOptOut } from '../digest/preferences.js';
import { getPerson } from '../people/lookup.js';
import { slackErrorCode, UnknownPerson } from '../slack/errors.js';
import { escapedPreview } from '../slack/mrkdwn.js';
import type { Workspace } from '../slack/workspace.js';
import { runTalentCommand } from '../talent/command.js';
import {
  added,
  EXPORT_SENT,
  forgetConfirm,
  fullUp,
  SKILLS_HELP,
  skillList,
  tooLong,
  unknownForm,
  whoResults,
} from './blocks.js';
import { sendExport } from './export.js';
import { helpedBy, helpedLine } from './helped.js';
import { skillsRoomFor } from './limits.js';
import { matchPeople } from './matching.js';
import { whoNobody } from './next-step-blocks.js';
import { historyHidden, setHistoryHidden, snoozeUntil } from './notices.js';
import type { SkillsCommand } from './parse.js';
import { addSkills, listSkills, removeSkills } from './queries.js';

export type Reply = string | ReturnType<typeof forgetConfirm>;

const WHO_LIMIT = 20;

const INVALID: Record<string, (detail?: string) => string> = {
  empty_list: (verb) => `Tell me which, separated by commas: \`/skills ${verb ?? 'add'} python, blogging\`.`,
  too_long: (name) => tooLong(name ?? ''),
  empty_query: () => 'Tell me what to look for: `/skills who data visualisation`.',
  digest_usage: () => 'Use `/skills digest off` to stop the weekly digest, or `/skills digest on` to get it again.',
  forget_usage: () => 'To erase everything held about you, type `/skills forget me`.',
  history_usage: () =>
    'Use `/skills history off` to hide who you helped from others (and from ranking), ' +
    'or `/skills history on` to show it again.',
  snooze_usage: () =>
    'Use `/skills snooze 2w` (or `10d`, at most 13 weeks) to pause asks sent your way, ' +
    'and `/skills snooze off` to end it.',
};

/** Runs one `/skills` subcommand typed by the user (add, remove, list, who, …) and returns what to tell them. */
export async function runSubcommand(
  deps: Deps,
  client: webApi.WebClient,
  ws: Workspace,
  userId: string,
  cmd: SkillsCommand,
): Promise<Reply> {
  const { db } = deps;
  switch (cmd.verb) {
    case 'add':
    case 'interest': {
      await getPerson(db, client, ws, userId);
      const kind = cmd.verb === 'add' ? 'skill' : 'interest';
      // At most SKILLS_PER_PERSON_MAX skills and interests a person: what does not fit is left out.
      const room = await skillsRoomFor(db, ws, userId);
      if (room === 0) return fullUp();
      const result = await addSkills(db, ws, userId, kind, cmd.names.slice(0, room));
      const overLimit = Math.max(0, cmd.names.length - room);
      return added(kind, result.added, result.already, cmd.capped, { overLimit, cut: cmd.cut });
    }
    case 'remove': {
      const removed = await removeSkills(db, ws, userId, cmd.names);
      return removed.length
        ? `Removed ${removed.map((n) => `*${escapedPreview(n, 80)}*`).join(', ')}.`
        : "You didn't have that, so nothing changed.";
    }
    case 'list': {
      if (cmd.unresolved)
        throw new UnknownPerson('Mention the person with @ so I know who you mean: `/skills list @ann`.');
      if (!cmd.who || cmd.who === userId) {
        const [skills, helped, hidden] = await Promise.all([
          listSkills(db, ws, userId),
          helpedBy(db, ws, userId),
          historyHidden(db, ws, userId),
        ]);
        const line = helpedLine(helped);
        const note = hidden ? ' · _hidden from others_ (`/skills history on` shows it)' : '';
        return [skillList(skills, 'You'), ...(line ? [`${line}${note}`] : [])].join('\n');
      }
      // Looking someone else up stores nothing about a person who asked to be forgotten.
      const person = await getPerson(db, client, ws, cmd.who, { acting: false }).catch((err) => {
        if (slackErrorCode(err) === 'user_not_found')
          throw new UnknownPerson("I can't find that person in this workspace.");
        throw err;
      });
      // A person who hid their history has it shown to nobody else.
      const [skills, helped, hidden] = await Promise.all([
        listSkills(db, ws, person.userId),
        helpedBy(db, ws, person.userId),
        historyHidden(db, ws, person.userId),
      ]);
      const line = hidden ? '' : helpedLine(helped);
      return [skillList(skills, `<@${person.userId}>`), ...(line ? [line] : [])].join('\n');
    }
    case 'who': {
      // Guests are not shown who knows what among the members.
      if ((await getPerson(db, client, ws, userId)).isGuest) {
        return "Sorry, `/skills who` is for members of the workspace, so guests can't search it.";
      }
      const { matches, total } = await matchPeople(db, ws, { text: cmd.query, limit: WHO_LIMIT });
      return matches.length ? whoResults(cmd.query, matches, total) : whoNobody(cmd.query);
    }
    case 'digest':
      await getPerson(db, client, ws, userId);
      await setDigestOptOut(db, ws, userId, !cmd.on);
      return cmd.on
        ? "You'll get the weekly digest again."
        : "You won't get the weekly digest any more. `/skills digest on` brings it back.";
    case 'history':
      await getPerson(db, client, ws, userId);
      await setHistoryHidden(db, ws, userId, !cmd.shown);
      return cmd.shown
        ? 'Who you helped shows on your profile again, and counts when asks are matched.'
        : 'Who you helped is now hidden from others, and no longer counts when asks are matched. ' +
            '`/skills history on` shows it again.';
    case 'snooze': {
      await getPerson(db, client, ws, userId);
      const until = cmd.days === null ? null : new Date(Date.now() + cmd.days * 86_400_000);
      await snoozeUntil(db, ws, userId, until);
      return until ? snoozedReply(until) : UNSNOOZED;
    }
    case 'forget':
      return forgetConfirm();
    case 'export':
      await sendExport(deps, client, ws, userId);
      return EXPORT_SENT;
    case 'talent':
      return runTalentCommand(deps, client, ws, userId, cmd);
    case 'invalid':
      return INVALID[cmd.reason]!(cmd.detail);
    case 'help':
      return SKILLS_HELP;
    default:
      return unknownForm(cmd.verb === 'unknown' ? cmd.text : '');
  }
}
