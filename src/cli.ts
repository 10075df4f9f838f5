import { ConfigError } from './env';

/** Runs a command-line entry point: bad config prints one line per variable, any failure exits non-zero. */
export async function runMain(main: () => Promise<void>): Promise<void> {
  try {
    await main();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`Configuration error:\n${err.lines.map((l) => `  ${l}`).join('\n')}\n`);
    } else {
      process.stderr.write(`Failed: ${err instanceof Error ? err.message : String(err)}\n`);
    }
    process.exit(1);
  }
}
