import { context, type KnownBlock, plural, section, type View } from '../slack/blocks.js';
import { ACTIONS } from '../slack/ids.js';
import { escapeMrkdwn } from '../slack/mrkdwn.js';
import type { ChartFile } from './chart-files.js';
import type { HiddenTalent } from './hidden-queries.js';
import { INSIGHT_WEEKS, type Insights } from './insights-queries.js';
import { DEMAND_DAYS, type SkillCount, type TalentMap } from './map-queries.js';

const LIST_MAX = 10;

/** The skills with n > 0, most first (ties by name), at most `max`. */
export function top(skills: SkillCount[], n: (s: SkillCount) => number, max = LIST_MAX): SkillCount[] {
  return skills
    .filter((s) => n(s) > 0)
    .sort((a, b) => n(b) - n(a) || a.name.localeCompare(b.name))
    .slice(0, max);
}

const listed = (skills: SkillCount[], n: (s: SkillCount) => number, none: string) =>
  skills.length ? skills.map((s) => `${escapeMrkdwn(s.name)} ${n(s)}`).join(' · ') : `_${none}_`;

export const percent = (part: number, whole: number) => (whole ? `${Math.round((100 * part) / whole)}%` : '–');

export function duration(hours: number | null): string {
  if (hours === null) return '–';
  if (hours < 1) return plural(Math.round(hours * 60), 'minute');
  if (hours < 48) return `${Math.round(hours * 10) / 10} hours`;
  return `${Math.round((hours / 24) * 10) / 10} days`;
}

export const chartBlock = (c: ChartFile): KnownBlock => ({
  type: 'image',
  slack_file: { id: c.fileId },
  alt_text: c.altText,
  title: { type: 'plain_text', text: c.title },
});

/** One button per skill, listing its holders in a modal. */
export function holderButtons(skills: SkillCount[]): KnownBlock[] {
  if (skills.length === 0) return [];
  return [
    {
      type: 'actions',
      elements: skills.map((s) => ({
        type: 'button' as const,
        action_id: `${ACTIONS.talentHolders}:${s.slug}`,
        text: { type: 'plain_text' as const, text: `Who knows ${s.name.slice(0, 60)}?` },
        value: s.slug,
      })),
    },
  ];
}

/** "12 people outside Communications know Video editing (among them @X)": names only of the opted-in. */
export function hiddenTalent(t: HiddenTalent): string {
  const among = t.named.length ? ` (among them ${t.named.map((u) => `<@${u}>`).join(', ')})` : '';
  const know = t.people === 1 ? 'knows' : 'know';
  const who = `${plural(t.people, 'person', 'people')} outside ${escapeMrkdwn(t.category)}`;
  return `${who} ${know} ${escapeMrkdwn(t.skill)}${among}`;
}

/** The map as text sections; `brief` (the Home tab) keeps the top five of each list. */
export function mapSections(map: TalentMap, brief = false): KnownBlock[] {
  const max = brief ? 5 : LIST_MAX;
  const holders = (s: SkillCount) => s.holders;
  const asked = (s: SkillCount) => s.asked;
  const nobody = top(
    map.skills.filter((s) => s.holders === 0),
    asked,
    max,
  );
  const unanswered = top(map.skills, (s) => s.unanswered, max);
  const lines = [
    `*${plural(map.declared, 'person has', 'people have')} declared skills.* ` +
      `${plural(map.asks, 'ask')} in the last ${DEMAND_DAYS} days.`,
    `*Top skills* (people who hold them): ${listed(top(map.skills, holders, max), holders, 'none declared yet')}`,
    `*Most asked for* (asks, last ${DEMAND_DAYS} days): ${listed(top(map.skills, asked, max), asked, 'no asks yet')}`,
    `*Unmet demand*, asked for and nobody holds it: ${listed(nobody, asked, 'none')}`,
    `*Asks that found no volunteer*, by skill: ${listed(unanswered, (s) => s.unanswered, 'none')}`,
    `*Most wanted to learn* (people interested): ${listed(
      top(map.skills, (s) => s.learners, max),
      (s) => s.learners,
      'no interests yet',
    )}`,
  ];
  if (map.hidden.length) lines.push(`*Hidden talents:* ${map.hidden.map(hiddenTalent).join('; ')}`);
  const blocks = [section(lines.join('\n'))];
  if (!brief && map.categories.length) {
    const rows = map.categories.map(
      (c) =>
        `• *${escapeMrkdwn(c.category)}*: ${plural(c.holders, 'holder')} · ` +
        `${plural(c.asked, 'ask')} · ${plural(c.learners, 'learner')}`,
    );
    blocks.push(section(`*By category*\n${rows.join('\n')}`));
  }
  return blocks;
}

/**
 * "As of Today at 14:05": when the figures were counted, in each reader's own time zone. They are
 * counted again every few minutes, not at each change, which the line says so a skill just added and
 * not yet shown does not look lost.
 */
export function asOf(builtAt: Date): string {
  const unix = Math.floor(builtAt.getTime() / 1000);
  const fallback = `${builtAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  const when = `<!date^${unix}^{date_short_pretty} at {time}|${fallback}>`;
  return `As of ${when}: counted every few minutes, so a change just made may take a few minutes to show.`;
}

/** The `/skills map` DM. */
export function mapMessage(map: TalentMap, charts: ChartFile[], builtAt: Date): { text: string; blocks: KnownBlock[] } {
  return {
    text: `Talent map: ${plural(map.declared, 'person has', 'people have')} declared skills.`,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: 'Talent map' } },
      ...mapSections(map),
      ...charts.map(chartBlock),
      ...holderButtons(top(map.skills, (s) => s.holders)),
      context(
        `${asOf(builtAt)} Guests and asks in private channels are never counted. \`/skills who …\` finds anyone else.`,
      ),
    ],
  };
}

export function insightSections(ins: Insights): KnownBlock[] {
  const helpers = ins.topHelpers.length
    ? ins.topHelpers.map((h) => `<@${h.userId}> ${h.credits}`).join(' · ')
    : '_nobody credited yet_';
  return [
    section(
      [
        `*Asks in the last ${INSIGHT_WEEKS} weeks:* ${ins.asks} ` +
          `(this week ${ins.weeks.at(-1)?.asks ?? 0}, weekly: ${ins.weeks.map((w) => w.asks).join(', ')})`,
        `*Got a volunteer:* ${percent(ins.volunteered, ins.asks)} (${ins.volunteered})`,
        `*Median time to the first volunteer:* ${duration(ins.medianHoursToVolunteer)}`,
        `*Resolved:* ${percent(ins.resolved, ins.asks)} (${ins.resolved})`,
        `*Top helpers* (credits): ${helpers}`,
      ].join('\n'),
    ),
  ];
}

/** The `/skills report` DM, for admins. */
export function reportMessage(
  ins: Insights,
  chart: ChartFile | undefined,
  builtAt: Date,
): { text: string; blocks: KnownBlock[] } {
  return {
    text: `Insights: ${plural(ins.asks, 'ask')} in the last ${INSIGHT_WEEKS} weeks.`,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: 'Insights' } },
      ...insightSections(ins),
      ...(chart ? [chartBlock(chart)] : []),
      context(`${asOf(builtAt)} Only admins and owners see this. Asks in private channels are not counted.`),
    ],
  };
}

/** The holders of one skill, best first, as `/skills who` lists them. */
export function holdersModal(skill: string, holders: Array<{ userId: string; helped?: number }>, total: number): View {
  const lines = holders.map((h) => `• <@${h.userId}>${h.helped ? ` — helped ${plural(h.helped, 'time')}` : ''}`);
  const more = total - holders.length;
  return {
    type: 'modal',
    title: { type: 'plain_text', text: 'Who knows it' },
    close: { type: 'plain_text', text: 'Close' },
    blocks: [
      section(`*${escapeMrkdwn(skill)}*, best matches first:`),
      section(lines.length ? lines.join('\n') : '_Nobody holds it yet._'),
      ...(more > 0 ? [context(`…and ${more} more.`)] : []),
    ],
  };
}

export const GUESTS_REFUSED = "Sorry, the talent map is for members of the workspace, so guests can't see it.";
export const ADMINS_ONLY = 'Only workspace admins and owners can see that. Nothing was sent.';

/** A modal that only tells something. */
export const notice = (text: string): View => ({
  type: 'modal',
  title: { type: 'plain_text', text: 'Talent map' },
  close: { type: 'plain_text', text: 'Close' },
  blocks: [section(text)],
});

/** The digest's learning pair, DM'd to the mentor. */
export function pairOffer(c: { learnerId: string; skill: string }): { text: string; blocks: KnownBlock[] } {
  const text = `<@${c.learnerId}> wants to learn ${escapeMrkdwn(c.skill)}. Say hello?`;
  return {
    text,
    blocks: [
      {
        type: 'section',
        text: { type: 'mrkdwn', text: `:seedling: ${text}` },
        accessory: {
          type: 'button',
          action_id: ACTIONS.pairHello,
          style: 'primary',
          text: { type: 'plain_text', text: 'Say hello' },
          value: c.learnerId,
        },
      },
      context("You said you're open to teaching what you know. `/skills mentor off` stops these."),
    ],
  };
}

export const pairIntro = (mentorId: string, learnerId: string, skill: string) => ({
  text:
    `:wave: <@${mentorId}>, meet <@${learnerId}>, who wants to learn ${escapeMrkdwn(skill)}; ` +
    `<@${learnerId}>, <@${mentorId}> knows it and is happy to help. Over to you!`,
});

/** The weekly spotlight post: a person who opted in, and one of their rarer skills. */
export const spotlightPost = (userId: string, skill: string) => ({
  text: `:sparkles: Did you know? <@${userId}> knows ${escapeMrkdwn(skill)} and is happy to help.`,
  blocks: [
    section(`:sparkles: *Did you know?* <@${userId}> knows *${escapeMrkdwn(skill)}* and is happy to help.`),
    context('Want to be in the spotlight one week? `/skills spotlight on`. Find anyone with `/skills who …`.'),
  ],
});
