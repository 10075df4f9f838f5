import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { TopLevelSpec } from 'vega-lite';

/** Charts are drawn at twice their CSS size, so they stay sharp on high-density screens. */
const SCALE = 2;
export const FONT_FAMILY = 'Open Sans';

// The font ships inside an npm package, so text renders the same on a bare server, in the Docker
// image and in CI, with no system fonts installed and nothing downloaded at run time.
const fontDir = join(dirname(createRequire(import.meta.url).resolve('open-sans-fonts/package.json')), 'open-sans');
const FONT_FILES = [join(fontDir, 'Regular/OpenSans-Regular.ttf'), join(fontDir, 'Semibold/OpenSans-Semibold.ttf')];

const CRISP_EDGES = 1;
const GEOMETRIC_PRECISION = 2;
const isBarChart = (spec: TopLevelSpec) => 'mark' in spec && spec.mark === 'bar';

/**
 * A vega-lite spec to PNG on the server: vega-lite compiles it to vega, vega lays it out without a
 * canvas (renderer 'none') and writes SVG, and resvg rasterises that. No browser. The libraries are
 * loaded on first use, so a bot that never draws a chart never pays their memory.
 */
export async function renderPng(spec: TopLevelSpec): Promise<{ png: Buffer; width: number; height: number }> {
  const [vega, { compile }, { renderAsync }] = await Promise.all([
    import('vega'),
    import('vega-lite'),
    import('@resvg/resvg-js'),
  ]);
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  try {
    const svg = await view.toSVG();
    // Rasterising is most of a chart's time (1440×800 pixels): renderAsync does it on libuv's thread
    // pool, so the bot keeps acknowledging Slack meanwhile.
    const rendered = await renderAsync(svg, {
      font: { loadSystemFonts: false, fontFiles: FONT_FILES, defaultFontFamily: FONT_FAMILY },
      fitTo: { mode: 'zoom', value: SCALE },
      // A bar chart's shapes (bars, grid, ticks) are all upright rectangles: drawn without
      // anti-aliasing they are as sharp and take half the time. Lines keep it; text always does.
      shapeRendering: isBarChart(spec) ? CRISP_EDGES : GEOMETRIC_PRECISION,
    });
    return { png: rendered.asPng(), width: rendered.width, height: rendered.height };
  } finally {
    view.finalize();
  }
}
