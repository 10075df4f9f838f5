import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';

/** Counts requests still being worked on after their ack, so shutdown can let them finish. */
export class Inflight {
  private count = 0;
  private waiters: Array<() => void> = [];

  middleware(): Middleware<AnyMiddlewareArgs> {
    return async ({ next }) => {
      this.count += 1;
      try {
        await next();
      } finally {
        this.count -= 1;
        if (this.count === 0) for (const w of this.waiters.splice(0)) w();
      }
    };
  }

  /** Resolves when nothing is in flight, or after timeoutMs, whichever is first. */
  drain(timeoutMs: number): Promise<void> {
    if (this.count === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      this.waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}
