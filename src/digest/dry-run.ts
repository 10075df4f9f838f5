import { TransactionRollbackError } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import type { Env } from '../env.js';
import type { KnownBlock } from '../slack/blocks.js';
import { plural } from '../slack/blocks.js';
import { buildMessages } from './delivery.js';
import { firstToSend, weekCounts, whose } from './queries.js';
import { planWeek } from './run.js';
import { isoWeek } from './week.js';

export interface DryRun {
  week: string;
  /** Digests this dry run planned (0 when the week was planned already). */
  planned: number;
  workspaces: Array<{ teamId: string; people: number; asks: number; sent: number }>;
  /** One digest as its reader would see it, as plain text. */
  sample: { teamId: string; userId: string; text: string } | null;
}

/**
 * Plans this week's digest as a run would, reads what it planned, then rolls it all back: a dry
 * run changes nothing in the database and calls Slack not at all (members are not listed either).
 */
export async function dryRunDigest(db: Db, env: Env, now = new Date()): Promise<DryRun> {
  const week = isoWeek(now, env.DIGEST_TIMEZONE);
  let result: DryRun | undefined;
  await db
    .transaction(async (tx) => {
      const planned = await planWeek(tx, env, week, now);
      result = { week, planned, workspaces: await weekCounts(tx, week), sample: await sample(tx, week) };
      tx.rollback();
    })
    .catch((err: unknown) => {
      if (!(err instanceof TransactionRollbackError)) throw err;
    });
  return result!;
}

async function sample(db: Db, week: string): Promise<DryRun['sample']> {
  const row = await firstToSend(db, week);
  if (!row) return null;
  const built = (await buildMessages(db, [row], week)).get(whose(row));
  const text = !built
    ? '(nothing left to show)'
    : 'skip' in built
      ? `(not sent: ${built.skip})`
      : plainText(built.blocks);
  return { teamId: row.teamId, userId: row.userId, text };
}

/** Slack's markup as a terminal shows it: <@U1> → @U1, <url|label> → label (url). */
const unmark = (mrkdwn: string) =>
  mrkdwn
    .replace(/<@([A-Z0-9]+)>/g, '@$1')
    .replace(/<#([A-Z0-9]+)(\|[^>]*)?>/g, '#$1')
    .replace(/<([^|>]+)\|([^>]+)>/g, '$2 ($1)')
    .replace(/<([^>]+)>/g, '$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

const button = (e: { type: string; text?: { text: string } }) => (e.type === 'button' ? `[${e.text?.text}]` : '');

/** A digest's blocks as plain text, one paragraph per block, buttons in brackets. */
export function plainText(blocks: KnownBlock[]): string {
  return blocks
    .map((b) => {
      if (b.type === 'header') return b.text.text;
      if (b.type === 'section') {
        const accessory = b.accessory ? `\n${button(b.accessory as Parameters<typeof button>[0])}` : '';
        return `${unmark(b.text?.text ?? '')}${accessory}`;
      }
      if (b.type === 'context') return b.elements.map((e) => ('text' in e ? unmark(e.text) : '')).join(' ');
      if (b.type === 'actions') return b.elements.map(button).join(' ');
      return '';
    })
    .filter(Boolean)
    .join('\n\n');
}

/** What `npm run digest -- --dry-run` prints. */
export function dryRunReport(d: DryRun, everyone: boolean): string {
  const people = d.workspaces.reduce((n, w) => n + w.people, 0);
  const sent = d.workspaces.reduce((n, w) => n + w.sent, 0);
  const asks = d.workspaces.reduce((n, w) => n + w.asks, 0);
  const lines = [
    `Dry run of digest ${d.week}: nothing was sent to Slack and nothing was saved (the planning was rolled back).`,
    d.planned === people
      ? `${plural(people, 'person', 'people')} would get a digest, from ${plural(asks, 'ask')} of the week.`
      : `This week was planned already: ${plural(people, 'person', 'people')} have a digest ` +
        `(${sent} sent, ${d.planned} newly planned), from ${plural(asks, 'ask')} of the week.`,
  ];
  if (everyone)
    lines.push("Members were not listed from Slack: a real run would first add people it doesn't know yet.");
  if (d.workspaces.length > 1)
    for (const w of d.workspaces)
      lines.push(`  ${w.teamId}: ${plural(w.people, 'person', 'people')}, ${plural(w.asks, 'ask')}`);
  if (d.sample) {
    const indented = d.sample.text.replace(/^/gm, '    ');
    lines.push('', `Sample digest, for ${d.sample.userId} in ${d.sample.teamId}:`, '', indented);
  }
  return `${lines.join('\n')}\n`;
}
