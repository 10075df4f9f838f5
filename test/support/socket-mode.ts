import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import { type WebSocket, WebSocketServer } from 'ws';

/**
 * Slack's side of a Socket Mode connection, on the emulator's port: it says hello, sends
 * envelopes as Slack does, and hands back what the app acknowledged each one with.
 */
export class SocketModeLink {
  private readonly wss: WebSocketServer;
  private socket: WebSocket | undefined;
  private readonly acks = new Map<string, (payload: unknown) => void>();
  private ready!: () => void;
  readonly connected = new Promise<void>((resolve) => (this.ready = resolve));

  constructor(server: Server) {
    this.wss = new WebSocketServer({ server, path: '/socket' });
    this.wss.on('connection', (ws) => {
      this.socket = ws;
      ws.on('message', (data) => {
        const { envelope_id, payload } = JSON.parse(String(data)) as { envelope_id: string; payload?: unknown };
        this.acks.get(envelope_id)?.(payload);
        this.acks.delete(envelope_id);
      });
      ws.send(
        JSON.stringify({
          type: 'hello',
          num_connections: 1,
          connection_info: { app_id: 'A_WHO_CAN_HELP' },
          debug_info: { host: 'emulator' },
        }),
      );
      this.ready();
    });
  }

  /** Sends one envelope (slash_commands, events_api or interactive); resolves with the ack's payload. */
  send(type: 'slash_commands' | 'events_api' | 'interactive', payload: Record<string, unknown>): Promise<unknown> {
    if (!this.socket) throw new Error('the app has not connected');
    const envelope_id = randomUUID();
    const acked = new Promise<unknown>((resolve) => this.acks.set(envelope_id, resolve));
    this.socket.send(
      JSON.stringify({
        envelope_id,
        type,
        payload,
        accepts_response_payload: type !== 'events_api',
        retry_attempt: 0,
        retry_reason: '',
      }),
    );
    return acked;
  }

  close(): void {
    for (const client of this.wss.clients) client.terminate();
    this.wss.close();
  }
}
