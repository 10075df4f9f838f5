import { connect, type Socket } from 'node:net';

/** What postgres.js hands its `socket` option: the parsed host list, or a unix socket path. */
interface Target {
  host: string[];
  port: number[];
  path?: string | false;
}

type Address = { path: string } | { host: string; port: number };

interface Watched {
  socket: Socket;
  address: Address;
  /** The address as a string, to find the other connections to the same server. */
  key: string;
  openedAt: number;
  read: number;
  written: number;
  /** When the client wrote and has heard nothing back since; 0 when it is not waiting. */
  waitingSince: number;
  probedAt: number;
}

export interface WatchdogTimes {
  /** A connection that wrote and heard nothing back for this long is suspect. */
  silenceMs: number;
  /** How long the server gets to answer a probe on a new connection. */
  probeMs: number;
  /** How long a connection may take to open; younger ones are left to postgres.js's connect_timeout. */
  connectMs: number;
}

const TICK_MS = 250;
// PostgreSQL's SSLRequest: the server answers one byte ('S' or 'N') before any login, without a backend doing any work.
const SSL_REQUEST = Buffer.from([0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f]);

/** Whether the server at the address answers an SSLRequest on a new connection within ms. */
function probe(address: Address, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = 'path' in address ? connect(address.path) : connect(address.port, address.host);
    const done = (answered: boolean) => {
      clearTimeout(timer);
      s.destroy();
      resolve(answered);
    };
    const timer = setTimeout(() => done(false), ms);
    s.once('connect', () => s.write(SSL_REQUEST));
    s.once('data', () => done(true));
    s.once('error', () => done(false));
    s.once('close', () => done(false));
  });
}

/**
 * Sockets for postgres.js that fail a query the server never answers. A database that drops
 * packets leaves queries waiting for the OS's TCP timeout (many minutes): postgres.js has no
 * query timeout, and a server-side statement_timeout never fires for a query that never arrived.
 * Every connection's byte counters are read a few times a second (they count under TLS too). One
 * that wrote and has heard nothing for `silenceMs` may be running a long statement, so the server
 * is asked on a new connection whether it is there at all; if it does not answer within
 * `probeMs`, every such silent connection to it is destroyed, which fails their queries with an
 * error (the user is told to try again) and lets the pool connect afresh once the server is back.
 * A busy but reachable server keeps its long statements; statement_timeout bounds those.
 */
export function replyWatchdog(times: WatchdogTimes) {
  const watched = new Set<Watched>();
  let hosts = 0;
  let timer: NodeJS.Timeout | undefined;
  const probing = new Set<string>();

  async function check(w: Watched) {
    if (probing.has(w.key)) return;
    probing.add(w.key);
    const answered = await probe(w.address, times.probeMs);
    probing.delete(w.key);
    if (answered) return;
    for (const o of [...watched].filter((o) => o.waitingSince && o.key === w.key)) {
      const seconds = ((Date.now() - o.waitingSince) / 1000).toFixed(1);
      // Destroyed with an error: postgres.js then rejects the connection's queries (a clean close would not, #1193).
      o.socket.destroy(new Error(`the database gave no reply for ${seconds} s and does not answer a new connection`));
    }
  }

  function tick() {
    const now = Date.now();
    for (const w of watched) {
      // Checked here rather than on 'close': postgres.js drops every listener of a socket it moves to TLS.
      if (w.socket.destroyed) {
        watched.delete(w);
        continue;
      }
      const { bytesRead: read, bytesWritten: written } = w.socket;
      // Heard anything: not waiting. Wrote with nothing heard in the same tick: waiting from now.
      if (read !== w.read) w.waitingSince = 0;
      else if (written !== w.written && !w.waitingSince) w.waitingSince = now;
      w.read = read;
      w.written = written;
      const suspect =
        w.waitingSince &&
        now - w.waitingSince >= times.silenceMs &&
        now - w.openedAt >= times.connectMs &&
        now - w.probedAt >= times.silenceMs;
      if (suspect) {
        w.probedAt = now;
        void check(w);
      }
    }
    if (watched.size === 0) {
      clearInterval(timer);
      timer = undefined;
    }
  }

  return {
    /** postgres.js's `socket` option: a new TCP (or unix) socket to the server, watched. */
    socket(target: Target): Socket {
      const i = hosts++ % target.host.length;
      const address: Address = target.path ? { path: target.path } : { host: target.host[i]!, port: target.port[i]! };
      const socket = 'path' in address ? connect(address.path) : connect(address.port, address.host);
      watched.add({
        socket,
        address,
        key: JSON.stringify(address),
        openedAt: Date.now(),
        read: 0,
        written: 0,
        waitingSince: 0,
        probedAt: 0,
      });
      timer ??= setInterval(tick, TICK_MS).unref();
      // Handed over at once, still connecting (postgres.js's writes wait in the socket until it is
      // connected, and its connect_timeout covers the wait). Handing it over only once connected
      // left a window in which postgres.js could start the same pool connection twice: two login
      // messages on one socket, and a connection that failed every query given to it for good.
      return socket;
    },
  };
}
