import type { AddressInfo } from 'node:net';
import { connect, createServer, type Server, type Socket } from 'node:net';

const discard = () => {};

/**
 * A TCP proxy in front of PostgreSQL that a test can cut (the database "goes down") and restore,
 * or blackhole (the network drops every packet) and restore.
 * While down it refuses connections with a reset, as a host with no PostgreSQL listening does.
 * (Accepting and then closing cleanly would instead hit a postgres.js bug, porsager/postgres#1193:
 * the waiting query never settles.)
 * While blackholed nothing is forwarded either way and nothing is closed: what either end sends
 * is dropped, and new connections are accepted and never answered.
 */
export class TcpProxy {
  private server: Server | undefined;
  private sockets = new Set<Socket>();
  private links = new Set<{ client: Socket; upstream: Socket }>();
  private down = false;
  private blackholed = false;
  port = 0;

  constructor(
    private readonly targetHost: string,
    private readonly targetPort: number,
  ) {}

  async start(): Promise<this> {
    this.server = createServer((client) => {
      if (this.down) return client.resetAndDestroy();
      this.track(client);
      if (this.blackholed) {
        client.on('data', discard);
        return;
      }
      const upstream = connect(this.targetPort, this.targetHost);
      this.track(upstream);
      const link = { client, upstream };
      this.links.add(link);
      for (const [s, other] of [
        [client, upstream],
        [upstream, client],
      ] as const) {
        s.on('close', () => {
          this.links.delete(link);
          other.destroy();
        });
        s.on('error', () => other.destroy());
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  private track(s: Socket): void {
    this.sockets.add(s);
    s.on('close', () => this.sockets.delete(s));
    s.on('error', () => s.destroy());
  }

  /** Rewrites a postgres:// URL to go through this proxy. */
  via(url: string): string {
    const u = new URL(url);
    u.hostname = '127.0.0.1';
    u.port = String(this.port);
    return u.toString();
  }

  cut(): void {
    this.down = true;
    for (const s of this.sockets) s.destroy();
  }

  /** Stops forwarding both ways, closing nothing: bytes sent meanwhile are lost, as dropped packets are. */
  blackhole(): void {
    this.blackholed = true;
    for (const { client, upstream } of this.links) {
      client.unpipe(upstream);
      upstream.unpipe(client);
      // Still read, so a close at either end is seen; what is read goes nowhere.
      client.on('data', discard);
      upstream.on('data', discard);
    }
  }

  restore(): void {
    this.down = false;
    if (!this.blackholed) return;
    this.blackholed = false;
    for (const { client, upstream } of this.links) {
      client.off('data', discard);
      upstream.off('data', discard);
      client.pipe(upstream).pipe(client);
    }
    // Connections made while blackholed lost their opening bytes: their client gave up on them long ago.
    for (const s of this.sockets) if (!this.isLinked(s)) s.destroy();
  }

  private isLinked(s: Socket): boolean {
    for (const { client, upstream } of this.links) if (s === client || s === upstream) return true;
    return false;
  }

  async stop(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}
