import type { webApi } from '@slack/bolt';
import type { Deps } from '../deps.js';
import type { Workspace } from '../slack/workspace.js';
import { mapMessage } from './blocks.js';
import { type ChartFile, chartFile } from './chart-files.js';
import { categoryChart, topSkillsChart } from './charts.js';
import { dmNow } from './dm.js';
import type { TalentMap } from './map-queries.js';
import { figures } from './snapshots.js';

/**
 * The map's two charts, drawn at most once a day per workspace (or now, `fresh`, for an admin). A
 * chart that cannot be drawn or uploaded is left out, logged: the map's numbers still go out.
 */
export async function mapCharts(
  deps: Deps,
  client: webApi.WebClient,
  ws: Workspace,
  map: () => Promise<TalentMap>,
  { fresh = false, only }: { fresh?: boolean; only?: 'supply_demand_category' } = {},
): Promise<ChartFile[]> {
  const builders = [
    ['supply_demand_category', async () => categoryChart(await map())],
    ['supply_demand_skills', async () => topSkillsChart(await map())],
  ] as const;
  const files: ChartFile[] = [];
  // Nothing declared and nothing asked: an empty chart says nothing the text does not.
  const counted = await map();
  if (counted.skills.length === 0) return files;
  for (const [kind, build] of builders) {
    if (only && kind !== only) continue;
    try {
      files.push(await chartFile(deps.db, client, ws, kind, build, { fresh }));
    } catch (err) {
      deps.log.warn({ err, teamId: ws.teamId, kind }, 'could not draw a chart');
    }
  }
  return files;
}

/** DMs the person the whole map with its charts (owed and delivered, as every notice). */
export async function sendMap(
  deps: Deps,
  client: webApi.WebClient,
  ws: Workspace,
  userId: string,
  { fresh = false } = {},
): Promise<void> {
  const { figures: map, builtAt } = await figures(deps, ws, 'map', { fresh });
  const charts = await mapCharts(deps, client, ws, async () => map, { fresh });
  await dmNow(deps, client, ws, userId, mapMessage(map, charts, builtAt));
}
