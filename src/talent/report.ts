import type { webApi } from '@slack/bolt';
import type { Deps } from '../deps.js';
import type { Workspace } from '../slack/workspace.js';
import { reportMessage } from './blocks.js';
import { type ChartFile, chartFile } from './chart-files.js';
import { trendChart } from './charts.js';
import { dmNow } from './dm.js';
import type { Insights } from './insights-queries.js';
import { figures } from './snapshots.js';

/** The insights' trend chart, drawn at most once a day per workspace; left out (logged) when it fails. */
export async function trendChartFile(
  deps: Deps,
  client: webApi.WebClient,
  ws: Workspace,
  ins: Insights,
  { fresh = false } = {},
): Promise<ChartFile | undefined> {
  try {
    return await chartFile(deps.db, client, ws, 'insights_trend', async () => trendChart(ins), { fresh });
  } catch (err) {
    deps.log.warn({ err, teamId: ws.teamId }, 'could not draw the insights chart');
    return undefined;
  }
}

/** DMs an admin the insights with the trend chart. The caller has checked they are an admin. */
export async function sendReport(
  deps: Deps,
  client: webApi.WebClient,
  ws: Workspace,
  userId: string,
  { fresh = false } = {},
): Promise<void> {
  const { figures: ins, builtAt } = await figures(deps, ws, 'insights', { fresh });
  const chart = await trendChartFile(deps, client, ws, ins, { fresh });
  await dmNow(deps, client, ws, userId, reportMessage(ins, chart, builtAt));
}
