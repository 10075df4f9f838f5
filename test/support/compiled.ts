import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** The node arguments that run a compiled entry point (`main`, `digest/cli`) as `npm start` does. */
export const compiled = (entry: string): string[] => ['--enable-source-maps', `${root}dist/${entry}.js`];

/** Vitest global setup: child-process tests run what production runs, so dist/ is built first. */
export default function buildOnce(): void {
  const result = spawnSync(process.execPath, [`${root}scripts/build.mjs`, '--if-needed'], { stdio: 'inherit' });
  if (result.status !== 0) throw new Error('npm run build failed: the child-process tests need dist/');
}
