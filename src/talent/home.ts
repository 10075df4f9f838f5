import type { webApi } from '@slack/bolt';
import type { Deps } from '../deps.js';
import type { Person } from '../people/queries.js';
import { context, type KnownBlock } from '../slack/blocks.js';
import type { Workspace } from '../slack/workspace.js';
import { asOf, chartBlock, holderButtons, insightSections, mapSections, top } from './blocks.js';
import { mapCharts } from './map.js';
import { trendChartFile } from './report.js';
import { figures } from './snapshots.js';

const HOME_BUTTONS = 5;

/**
 * The Home tab's *Talent map* (members only) and, for admins and owners, *Insights*. Best effort: when
 * they cannot be counted the rest of the Home tab is still published.
 */
export async function talentHome(
  deps: Deps,
  client: webApi.WebClient,
  ws: Workspace,
  person: Person,
): Promise<KnownBlock[]> {
  if (person.isGuest) return [];
  try {
    const { figures: map, builtAt } = await figures(deps, ws, 'map');
    const charts = await mapCharts(deps, client, ws, async () => map, { only: 'supply_demand_category' });
    const blocks: KnownBlock[] = [
      { type: 'divider' },
      { type: 'header', text: { type: 'plain_text', text: 'Talent map' } },
      ...mapSections(map, true),
      ...charts.map(chartBlock),
      ...holderButtons(top(map.skills, (s) => s.holders, HOME_BUTTONS)),
      context(`${asOf(builtAt)} \`/skills map\` DMs you the whole map, by category and with more charts.`),
    ];
    if (!person.isAdmin) return blocks;
    const { figures: ins } = await figures(deps, ws, 'insights');
    const chart = await trendChartFile(deps, client, ws, ins);
    return [
      ...blocks,
      { type: 'divider' },
      { type: 'header', text: { type: 'plain_text', text: 'Insights (admins only)' } },
      ...insightSections(ins),
      ...(chart ? [chartBlock(chart)] : []),
    ];
  } catch (err) {
    deps.log.warn({ err, teamId: ws.teamId }, 'could not show the talent map on a Home tab');
    return [];
  }
}
