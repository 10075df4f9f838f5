/** The bot's ack histogram as read from its /metrics: by request type, the count at or under each bound (s). */
export type AckHistogram = Map<string, Map<number, number>>;

const BUCKET = /^who_can_help_slack_ack_seconds_bucket\{([^}]*)\} (\d+(?:\.\d+)?(?:e[+-]?\d+)?)$/;

/** GET /metrics of the bot, its `who_can_help_slack_ack_seconds` buckets. */
export async function readAckHistogram(appUrl: string): Promise<AckHistogram> {
  const text = await (await fetch(new URL('/metrics', appUrl))).text();
  const histogram: AckHistogram = new Map();
  for (const line of text.split('\n')) {
    const m = BUCKET.exec(line);
    if (!m) continue;
    const labels = Object.fromEntries([...m[1]!.matchAll(/(\w+)="([^"]*)"/g)].map(([, k, v]) => [k!, v!]));
    const type = labels.type ?? '';
    const le = labels.le === '+Inf' ? Number.POSITIVE_INFINITY : Number(labels.le);
    if (!histogram.has(type)) histogram.set(type, new Map());
    histogram.get(type)!.set(le, Number(m[2]));
  }
  return histogram;
}

/** What was observed between two readings. */
export function since(before: AckHistogram, after: AckHistogram): AckHistogram {
  const out: AckHistogram = new Map();
  for (const [type, buckets] of after) {
    const earlier = before.get(type);
    out.set(type, new Map([...buckets].map(([le, n]) => [le, n - (earlier?.get(le) ?? 0)])));
  }
  return out;
}

/** The q-th quantile (0–1) as Prometheus's histogram_quantile estimates it: linear within its bucket. */
function quantile(buckets: Array<[number, number]>, q: number): { low: number; high: number; estimate: number } {
  const total = buckets.at(-1)![1];
  const rank = q * total;
  let [low, below] = [0, 0];
  for (const [le, n] of buckets) {
    if (n >= rank) {
      if (!Number.isFinite(le)) return { low, high: le, estimate: low };
      return { low, high: le, estimate: low + ((le - low) * (rank - below)) / Math.max(1, n - below) };
    }
    [low, below] = [le, n];
  }
  return { low, high: Number.POSITIVE_INFINITY, estimate: low };
}

const msOf = (s: number) => (Number.isFinite(s) ? `${+(s * 1000).toFixed(1)}` : '∞');

/**
 * One line a request type: how many acks, the share within 5 ms (the first bucket), and p50 and
 * p99 with the bucket they fall in; the bot's own figure, from arrival in Bolt to the ack written.
 */
export function describe(histogram: AckHistogram): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [type, map] of [...histogram].sort(([a], [b]) => a.localeCompare(b))) {
    const buckets = [...map].sort(([a], [b]) => a - b);
    const total = buckets.at(-1)?.[1] ?? 0;
    if (total === 0) continue;
    const within5 = buckets.find(([le]) => le >= 0.005)?.[1] ?? 0;
    const [p50, p99] = [0.5, 0.99].map((q) => quantile(buckets, q));
    const q = (x: { low: number; high: number; estimate: number }) =>
      `${msOf(x.estimate)} ms (${msOf(x.low)}–${msOf(x.high)} ms bucket)`;
    out[type] =
      `${total} acks, ${((100 * within5) / total).toFixed(1)} % within 5 ms; ` + `p50 ≈ ${q(p50!)}, p99 ≈ ${q(p99!)}`;
  }
  return out;
}
