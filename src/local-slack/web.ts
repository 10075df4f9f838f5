import { existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Demo } from './demo.js';
import type { SlackEmulator } from './emulator.js';
import { act } from './page-actions.js';
import { COLLEAGUES } from './sample.js';
import { BOT_USER, type Message } from './workspace.js';

/** The page's own files: index.html, and the scripts and styles beside it. */
const pageFile = (path: string) => (path === '/' ? 'index.html' : /^\/page\/([a-z-]+\.(?:js|css))$/.exec(path)?.[1]);
const TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  png: 'image/png',
  svg: 'image/svg+xml',
  csv: 'text/csv; charset=utf-8',
  json: 'application/json',
};
const typeOf = (name: string) => TYPES[name.split('.').pop() ?? ''] ?? 'text/plain; charset=utf-8';

interface PageOptions {
  port: number;
  emulator: SlackEmulator;
  channels: Array<{ id: string; name: string }>;
}

/** What one colleague sees: public channels, their DMs, ephemerals for them, their Home tab and modal. */
function stateFor(demo: Demo, options: PageOptions, me: string) {
  const { workspace } = demo;
  const mine = (m: Message) =>
    (!m.onlyFor || m.onlyFor === me) && (!m.channel.startsWith('D') || m.channel.includes(me));
  const messages = workspace.messages.filter(mine);
  const known = new Set(options.channels.map((c) => c.id));
  const others = [...new Set(messages.map((m) => m.channel))].filter((id) => !known.has(id) && !id.startsWith('D'));
  const dms = [...new Set([`D${me}`, ...messages.map((m) => m.channel).filter((id) => id.startsWith('D'))])];
  const open = workspace.modal(me);
  return {
    me,
    bot: BOT_USER,
    ready: Boolean(demo.ready),
    reaction: demo.ready?.bot.deps.env.VOLUNTEER_REACTION ?? 'raising_hand',
    people: COLLEAGUES.map(({ id, name, title, admin }) => ({ id, name, title, admin: Boolean(admin) })),
    channels: [...options.channels, ...others.map((id) => ({ id, name: id.toLowerCase() }))],
    dms,
    messages,
    home: workspace.homes.get(me),
    modal: open && { id: open.id, view: open.view, errors: open.errors ?? {} },
    modals: workspace.modals.get(me)?.length ?? 0,
  };
}

/** The page's requests are small; anything over this is refused rather than read into memory. */
const MAX_BODY = 1_000_000;

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new Error('request too large');
    chunks.push(chunk as Buffer);
  }
  return JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
}

// The page is the only thing here: nothing it shows may load from elsewhere.
const PAGE_POLICY = "default-src 'self'; img-src 'self' data:";

function send(res: ServerResponse, status: number, type: string, body: string | Buffer, policy = PAGE_POLICY): void {
  res.writeHead(status, { 'content-type': type, 'content-security-policy': policy });
  res.end(body);
}

/** The demo's web page on 127.0.0.1 only: static files, state per person, live updates, and actions. */
export async function servePage(demo: Demo, options: PageOptions): Promise<{ url: string; close(): Promise<void> }> {
  const streams = new Set<ServerResponse>();
  demo.workspace.subscribe(() => {
    for (const res of streams) res.write('event: change\ndata: {}\n\n');
  });
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    try {
      const file = pageFile(url.pathname);
      const path = file && new URL(`./page/${file}`, import.meta.url);
      if (req.method === 'GET' && path && existsSync(path)) return send(res, 200, typeOf(file), readFileSync(path));
      if (req.method === 'GET' && url.pathname === '/api/state') {
        const me = url.searchParams.get('as') ?? COLLEAGUES[0]!.id;
        if (!COLLEAGUES.some((c) => c.id === me))
          return send(res, 404, 'application/json', '{"error":"no such person"}');
        return send(res, 200, 'application/json', JSON.stringify(stateFor(demo, options, me)));
      }
      if (req.method === 'GET' && url.pathname === '/api/events') {
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
        res.write('event: change\ndata: {}\n\n');
        streams.add(res);
        req.on('close', () => streams.delete(res));
        return;
      }
      const fileMatch = /^\/files\/(F\w+)$/.exec(url.pathname);
      const uploaded = fileMatch ? options.emulator.files.get(fileMatch[1]!) : undefined;
      const bytes = uploaded?.bytes ?? uploaded?.content;
      if (req.method === 'GET' && bytes !== undefined) {
        // What the bot uploaded, shown as a file: never run as part of the page.
        return send(res, 200, typeOf(uploaded!.filename), bytes, 'sandbox');
      }
      if (req.method === 'POST' && url.pathname === '/api/do') {
        const answer = await act(demo, await readJson(req));
        return send(res, answer.status, 'application/json', JSON.stringify(answer.body));
      }
      send(res, 404, 'text/plain', 'not found');
    } catch (err) {
      send(res, 500, 'application/json', JSON.stringify({ error: err instanceof Error ? err.message : String(err) }));
    }
  });
  await new Promise<void>((resolve) => server.listen(options.port, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return {
    url,
    async close() {
      for (const res of streams) res.end();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
