/** Counts requests still being worked on, so shutdown (and tests) can let them finish. */
export class Inflight {
  private count = 0;
  private waiters: Array<() => void> = [];

  /** Runs the work, counted as in flight until it settles. */
  async track<T>(work: () => Promise<T>): Promise<T> {
    this.count += 1;
    try {
      return await work();
    } finally {
      this.count -= 1;
      if (this.count === 0) for (const w of this.waiters.splice(0)) w();
    }
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
