/** How a delivery is going, as it tells whoever watches it. */
export interface DeliveryProgress {
  /** Digests this run found still to send when it began (other runs may take some of them). */
  toSend: number;
  sent: number;
  failed: number;
  retry: number;
  /** Digest DMs waiting out a 429's Retry-After right now. */
  rateLimited: number;
  /** When sending began (epoch ms). */
  since: number;
}

/** A whole run: planning, then delivery. `planned` is null while planning. */
export interface DigestProgress extends Partial<DeliveryProgress> {
  week: string;
  planned: number | null;
}

/** The figures a progress log line carries. */
export interface ProgressFigures {
  week: string;
  planned: number | null;
  toSend: number;
  sent: number;
  failed: number;
  retry: number;
  rateLimited: number;
  /** Seconds until the rest is sent at the pace so far; null until one has gone. */
  etaSeconds: number | null;
}

export function progressFigures(p: DigestProgress, now: number): ProgressFigures {
  const { toSend = 0, sent = 0, failed = 0, retry = 0, rateLimited = 0 } = p;
  const done = sent + failed + retry;
  const left = Math.max(toSend - done, 0);
  const etaSeconds = p.since === undefined || done === 0 ? null : Math.round((((now - p.since) / done) * left) / 1000);
  return { week: p.week, planned: p.planned, toSend, sent, failed, retry, rateLimited, etaSeconds };
}

/** 75 s → "1m 15s"; 3725 s → "1h 2m". */
export function duration(seconds: number): string {
  if (seconds < 60) return `${seconds}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m ${seconds % 60}s`;
  return `${Math.floor(seconds / 3600)}h ${Math.floor((seconds % 3600) / 60)}m`;
}

/** One line for a terminal: "Digest 2026-W48: 120 planned · 40/120 sent · 1 failed · … · about 1m 20s left". */
export function progressLine(p: DigestProgress, now: number): string {
  const f = progressFigures(p, now);
  if (f.planned === null) return `Digest ${f.week}: planning…`;
  if (p.since === undefined) return `Digest ${f.week}: ${f.planned} planned · about to send`;
  const parts = [
    `${f.planned} planned`,
    `${f.sent}/${f.toSend} sent`,
    `${f.failed} failed`,
    ...(f.retry ? [`${f.retry} to retry`] : []),
    `${f.rateLimited} waiting on Slack's rate limit`,
    f.etaSeconds === null ? 'time left unknown yet' : `about ${duration(f.etaSeconds)} left`,
  ];
  return `Digest ${f.week}: ${parts.join(' · ')}`;
}
