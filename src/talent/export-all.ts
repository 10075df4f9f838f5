import type { webApi } from '@slack/bolt';
import type { Deps } from '../deps.js';
import type { Workspace } from '../slack/workspace.js';
import { type MatrixRow, skillsMatrix } from './export-queries.js';

export const MATRIX_FILENAME = 'who-can-help-skills-matrix.csv';
const HEADER = ['person_id', 'person', 'skill', 'kind', 'category', 'credits'];

/**
 * One CSV cell: quoted when it holds a comma, quote or line break; a cell a spreadsheet would run as
 * a formula (= + - @ at its start) is led by an apostrophe, since names and skills are typed by people.
 */
export function csvCell(value: string | number | null): string {
  let text = value === null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function matrixCsv(rows: MatrixRow[]): string {
  const lines = rows.map((r) => [r.userId, r.name, r.skill, r.kind, r.category, r.credits].map(csvCell).join(','));
  return `${[HEADER.join(','), ...lines].join('\r\n')}\r\n`;
}

/** DMs an admin the skills matrix as a CSV file. The caller has checked they are an admin. */
export async function sendSkillsMatrix(
  deps: Deps,
  client: webApi.WebClient,
  ws: Workspace,
  userId: string,
): Promise<number> {
  const rows = await skillsMatrix(deps.db, ws);
  const dm = await client.conversations.open({ users: userId });
  await client.files.uploadV2({
    channel_id: dm.channel!.id!,
    filename: MATRIX_FILENAME,
    title: 'Skills matrix',
    content: matrixCsv(rows),
    initial_comment: `The skills matrix: ${rows.length} rows, one per person and skill or interest.`,
  });
  return rows.length;
}
