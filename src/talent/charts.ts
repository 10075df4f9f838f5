import type { TopLevelSpec } from 'vega-lite';
import type { Insights } from './insights-queries.js';
import { DEMAND_DAYS, type TalentMap } from './map-queries.js';
import { FONT_FAMILY } from './render.js';

export type ChartKind = 'supply_demand_category' | 'supply_demand_skills' | 'insights_trend';

/** A chart to draw: its spec, its alt text (the same numbers, in words) and its title. */
export interface Chart {
  kind: ChartKind;
  title: string;
  spec: TopLevelSpec;
  alt: string;
}

export const CHART_TITLES: Record<ChartKind, string> = {
  supply_demand_category: 'Supply and demand by category',
  supply_demand_skills: 'Supply and demand, top skills',
  insights_trend: 'Asks a week',
};

/** Every chart is this size (CSS pixels; the PNG is drawn at twice it). */
export const CHART_WIDTH = 720;
export const CHART_HEIGHT = 400;
/** Slack's limit on an image block's alt text. */
const ALT_MAX = 2000;
const TOP_SKILLS = 10;

const SUPPLY = 'Holders';
const DEMAND = `Asks (last ${DEMAND_DAYS} days)`;

const base = {
  $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
  width: CHART_WIDTH,
  height: CHART_HEIGHT,
  // The whole picture, padding and legend included, is exactly width × height.
  autosize: { type: 'fit', contains: 'padding' },
  background: 'white',
  config: { font: FONT_FAMILY, legend: { orient: 'bottom', title: null } },
} as const;

function cut(text: string): string {
  return text.length <= ALT_MAX ? text : `${text.slice(0, ALT_MAX - 1)}…`;
}

/** Grouped horizontal bars: supply beside demand for each row. */
function supplyDemand(rows: Array<{ label: string; holders: number; asked: number }>): TopLevelSpec {
  return {
    ...base,
    data: {
      values: rows.flatMap((r) => [
        { label: r.label, measure: SUPPLY, n: r.holders },
        { label: r.label, measure: DEMAND, n: r.asked },
      ]),
    },
    mark: 'bar',
    encoding: {
      y: { field: 'label', type: 'nominal', sort: null, title: null, axis: { labelLimit: 240 } },
      yOffset: { field: 'measure', sort: [SUPPLY, DEMAND] },
      x: { field: 'n', type: 'quantitative', title: null, axis: { tickMinStep: 1 } },
      color: { field: 'measure', sort: [SUPPLY, DEMAND], scale: { range: ['#2eb67d', '#e01e5a'] } },
    },
  } as TopLevelSpec;
}

export function categoryChart(map: TalentMap): Chart {
  const rows = map.categories.map((c) => ({ label: c.category, holders: c.holders, asked: c.asked }));
  const words = rows.map((r) => `${r.label}: ${r.holders} holders of its skills, ${r.asked} asks`);
  return {
    kind: 'supply_demand_category',
    title: CHART_TITLES.supply_demand_category,
    spec: supplyDemand(rows),
    alt: cut(`Supply and demand by category, asks of the last ${DEMAND_DAYS} days. ${words.join('; ')}.`),
  };
}

export function topSkillsChart(map: TalentMap): Chart {
  const rows = [...map.skills]
    .sort((x, y) => y.holders + y.asked - (x.holders + x.asked) || x.name.localeCompare(y.name))
    .slice(0, TOP_SKILLS)
    .map((s) => ({ label: s.name, holders: s.holders, asked: s.asked }));
  const words = rows.map((r) => `${r.label}: ${r.holders} people hold it, ${r.asked} asks`);
  return {
    kind: 'supply_demand_skills',
    title: CHART_TITLES.supply_demand_skills,
    spec: supplyDemand(rows),
    alt: cut(`Supply and demand for the top skills, asks of the last ${DEMAND_DAYS} days. ${words.join('; ')}.`),
  };
}

export function trendChart(ins: Insights): Chart {
  const series = ['Asks', 'Got a volunteer', 'Resolved'] as const;
  const values = ins.weeks.flatMap((w) =>
    [w.asks, w.volunteered, w.resolved].map((n, i) => ({ week: w.week, series: series[i], n })),
  );
  const words = ins.weeks.map(
    (w) => `week of ${w.week}: ${w.asks} asks, ${w.volunteered} got a volunteer, ${w.resolved} resolved`,
  );
  return {
    kind: 'insights_trend',
    title: CHART_TITLES.insights_trend,
    spec: {
      ...base,
      data: { values },
      mark: { type: 'line', point: true },
      encoding: {
        x: { field: 'week', type: 'ordinal', title: null, axis: { labelAngle: -45 } },
        y: { field: 'n', type: 'quantitative', title: null, axis: { tickMinStep: 1 } },
        color: { field: 'series', sort: [...series], scale: { range: ['#36c5f0', '#2eb67d', '#ecb22e'] } },
      },
    } as TopLevelSpec,
    alt: cut(`Asks a week for ${ins.weeks.length} weeks. ${words.join('; ')}.`),
  };
}
