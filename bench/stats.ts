/** The p-th percentile (0–100) of the samples, nearest-rank. */
export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export const ms = (x: number) => `${x < 10 ? x.toFixed(2) : x.toFixed(1)} ms`;
export const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;
export const met = (ok: boolean) => (ok ? 'met' : 'NOT met');

/** What a suite prints: its figures as a table, and any longer text (a query plan) after it. */
export interface Report {
  figures: Record<string, string>;
  appendix?: string;
}
