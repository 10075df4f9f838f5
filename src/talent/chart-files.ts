import type { webApi } from '@slack/bolt';
import { and, eq, gt, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { chartFiles } from '../db/schema/index.js';
import type { Workspace } from '../slack/workspace.js';
import { CHART_TITLES, type Chart, type ChartKind } from './charts.js';
import { renderPng } from './render.js';

/** A chart uploaded to Slack: what an image block shows. */
export interface ChartFile {
  kind: ChartKind;
  title: string;
  fileId: string;
  altText: string;
}

/** A workspace's chart is drawn at most once a day (an admin may ask for a fresh one). */
const KEEP_HOURS = 24;

async function cached(db: Db, ws: Workspace, kind: ChartKind) {
  const [row] = await db
    .select({ fileId: chartFiles.fileId, altText: chartFiles.altText })
    .from(chartFiles)
    .where(
      and(
        eq(chartFiles.teamId, ws.teamId),
        eq(chartFiles.kind, kind),
        gt(chartFiles.renderedAt, sql`now() - make_interval(hours => ${KEEP_HOURS})`),
      ),
    );
  return row;
}

/**
 * The chart's file: the one uploaded in the last day, or drawn and uploaded now (files.uploadV2 with
 * no channel: a file of the app's own, which its image blocks may show). `build` runs only when a
 * chart is drawn, so the numbers it needs are counted only then.
 */
export async function chartFile(
  db: Db,
  client: webApi.WebClient,
  ws: Workspace,
  kind: ChartKind,
  build: () => Promise<Chart>,
  { fresh = false } = {},
): Promise<ChartFile> {
  const kept = fresh ? undefined : await cached(db, ws, kind);
  if (kept) return { kind, title: CHART_TITLES[kind], ...kept };
  return upload(db, client, ws, await build());
}

async function upload(db: Db, client: webApi.WebClient, ws: Workspace, chart: Chart): Promise<ChartFile> {
  const { png } = await renderPng(chart.spec);
  const result = (await client.files.uploadV2({
    file: png,
    filename: `${chart.kind}.png`,
    title: chart.title,
    alt_text: chart.alt,
  })) as { files?: Array<{ files?: Array<{ id?: string }> }> };
  const fileId = result.files?.[0]?.files?.[0]?.id;
  if (!fileId) throw new Error(`files.uploadV2 returned no file for the ${chart.kind} chart`);
  const row = { teamId: ws.teamId, enterpriseId: ws.enterpriseId ?? null, kind: chart.kind, fileId };
  await db
    .insert(chartFiles)
    .values({ ...row, altText: chart.alt })
    .onConflictDoUpdate({
      target: [chartFiles.teamId, chartFiles.kind],
      set: { fileId, altText: chart.alt, renderedAt: sql`now()` },
    });
  return { kind: chart.kind, title: chart.title, fileId, altText: chart.alt };
}
