// Compiles src/ to dist/ with tsc, copies the files tsc does not emit, and stamps the result.
// `--if-needed` (what npm start, digest and migrate run first) skips the build when dist/ is
// newer than every source, so a fresh clone starts with `npm ci && npm start`, and an image that
// ships dist/ without src/ or TypeScript never builds.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const at = (path) => join(root, path);
const stamp = at('dist/.built');
const inputs = ['src', 'tsconfig.json', 'tsconfig.build.json', 'package-lock.json'];
// Read at run time beside the compiled modules.
const assets = ['skills/catalogue.json', 'local-slack/page'];

function newest(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newest(join(path, name))));
}

function upToDate() {
  if (!existsSync(at('src'))) return true;
  return existsSync(stamp) && statSync(stamp).mtimeMs >= Math.max(...inputs.map((p) => newest(at(p))));
}

if (process.argv.includes('--if-needed') && upToDate()) process.exit(0);

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
// Built beside dist/ and swapped in whole, so a process starting meanwhile never finds half a build.
const next = at(`dist.next-${process.pid}`);
rmSync(next, { recursive: true, force: true });
const started = performance.now();
const result = spawnSync(process.execPath, [tsc, '-p', at('tsconfig.build.json'), '--outDir', next], {
  stdio: 'inherit',
});
if (result.status !== 0) {
  rmSync(next, { recursive: true, force: true });
  process.stderr.write('Build failed: dist/ was not written.\n');
  process.exit(result.status ?? 1);
}
for (const asset of assets) cpSync(at(`src/${asset}`), join(next, asset), { recursive: true });
writeFileSync(join(next, '.built'), `${new Date().toISOString()}\n`);
const old = at(`dist.old-${process.pid}`);
if (existsSync(at('dist'))) renameSync(at('dist'), old);
renameSync(next, at('dist'));
rmSync(old, { recursive: true, force: true });
process.stderr.write(`Built dist/ in ${((performance.now() - started) / 1000).toFixed(1)} s.\n`);
