import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';

/** Requests doing their work at once; the rest wait their turn without using the CPU. */
const AT_ONCE = 2;
/** A request slower than this (waiting out a 429, say) gives its turn up and goes on alongside. */
const SLOW_MS = 1_000;

/**
 * The work done after Slack's ack, a couple of requests at a time. A burst queues here instead of
 * every request's queries and Slack calls contending at once and slowing the acks of requests
 * still arriving. A slow request never holds up the queue for long.
 */
export class Backlog {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  /** Resolves, when it is this request's turn, with the function that ends its turn. */
  private async enter(): Promise<() => void> {
    if (this.running < AT_ONCE) this.running += 1;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      clearTimeout(timer);
      const next = this.waiting.shift();
      if (next) next();
      else this.running -= 1;
    };
    const timer = setTimeout(end, SLOW_MS).unref();
    return end;
  }

  /** Runs work after the ack when its turn comes. Never before an ack, nor for a trigger_id (3 s). */
  async inTurn<T>(work: () => Promise<T>): Promise<T> {
    const end = await this.enter();
    try {
      return await work();
    } finally {
      end();
    }
  }

  /** Events are acked by Bolt before any middleware: all their work is after the ack. */
  events(): Middleware<AnyMiddlewareArgs> {
    return async ({ body, next }) =>
      (body as { type?: string }).type === 'event_callback' ? this.inTurn(next as () => Promise<void>) : next();
  }
}

/** One per process: the turns are the process's CPU. */
export const backlog = new Backlog();
