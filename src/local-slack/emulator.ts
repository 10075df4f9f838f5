import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { checkBlockKit } from './block-kit.js';

export interface Call {
  method: string;
  args: Record<string, any>;
  token: string | undefined;
  result?: Record<string, any>;
}

export interface Posted {
  url: string;
  body: Record<string, any>;
}

export interface SlackUser {
  id: string;
  team_id?: string;
  name?: string;
  real_name?: string;
  tz?: string;
  is_bot?: boolean;
  is_admin?: boolean;
  is_owner?: boolean;
  /** A multi-channel guest. */
  is_restricted?: boolean;
  /** A single-channel guest (Slack sets is_restricted too). */
  is_ultra_restricted?: boolean;
  deleted?: boolean;
  /** The profile's job title (and the like), as users.info gives it. */
  profile?: { title?: string; display_name?: string };
}

export interface ChannelState {
  /** Private channels cannot be joined with conversations.join. */
  private?: boolean;
  /** Who is in it; unset means everyone (postEphemeral to others fails with user_not_in_channel). */
  members?: string[];
  member?: boolean;
  archived?: boolean;
  missing?: boolean;
  /** Shared with another organisation (Slack Connect). */
  extShared?: boolean;
  /** Set by conversations.setTopic; conversations.info shows it. */
  topic?: string;
}

/** Who a token acts for, as Slack issues them through OAuth. */
export interface Grant {
  teamId?: string;
  enterpriseId?: string;
  isEnterpriseInstall?: boolean;
  /** Token rotation on: tokens expire after this many seconds and come with a refresh token. */
  expiresIn?: number;
}

interface Token extends Grant {
  botToken: string;
  refreshToken?: string;
  expiresAt?: number;
  revoked?: boolean;
}

/** A file on its way through Slack's upload: asked for, its bytes uploaded, then shared. */
export interface UploadedFile {
  id: string;
  filename: string;
  /** The length announced to files.getUploadURLExternal. */
  length: number;
  /** The bytes as uploaded, read as UTF-8 text. */
  content?: string;
  /** The bytes as uploaded (an image stays binary). */
  bytes?: Buffer;
  title?: string;
  /** Where files.completeUploadExternal shared it (its channel_id). */
  channel?: string;
  comment?: string;
}

/** A message as conversations.history shows it; `user` is set for a person's (the bot's own have none here). */
type Kept = { ts: string; text: string; thread_ts?: string; metadata?: unknown; user?: string };

export interface EmulatorState {
  seq: number;
  history: Record<string, Kept[]>;
}

/** A platform error; a 429; a 500 (with `delivered`, Slack did the work but the answer was lost). */
type Failure = { error: string } | { status: 429; retryAfter: number } | { status: 500; delivered?: boolean };

/**
 * A Slack Web API emulator over real HTTP: it records every call, answers like Slack, checks
 * Block Kit limits, and fails on request (platform errors, 429 with Retry-After, 500).
 * Channels are public and joined unless configured otherwise.
 */
export class SlackEmulator {
  readonly calls: Call[] = [];
  /** Bodies POSTed to response_url addresses it handed out. */
  readonly responses: Posted[] = [];
  readonly users = new Map<string, SlackUser>();
  readonly channels = new Map<string, ChannelState>();
  private failures = new Map<string, Array<{ failure: Failure; where?: (args: Record<string, any>) => boolean }>>();
  /** Messages that exist, as channel/ts: chat.update and chat.delete of anything else fail. */
  private messages = new Set<string>();
  /** What each channel and DM holds, oldest first, for conversations.history and .replies. */
  private history = new Map<string, Kept[]>();
  /** Files by id, from files.getUploadURLExternal through the upload to files.completeUploadExternal. */
  readonly files = new Map<string, UploadedFile>();
  /** OAuth codes not yet exchanged, and every token handed out, by code and by token. */
  private codes = new Map<string, Grant>();
  readonly tokens = new Map<string, Token>();
  /** Milliseconds each chat.postMessage takes, to catch a process mid-run. */
  postDelayMs = 0;
  /** Calls held unanswered until a test releases them (see hold). */
  private held: Array<{ method: string; where: (args: Record<string, any>) => boolean; gate: Promise<void> }> = [];
  /** Block Kit problems found in ack and response_url bodies (Web API calls are refused outright). */
  readonly violations: string[] = [];
  /** Told of every Web API call once answered, and of every response_url body accepted (the local demo's page). */
  onCall?: (call: Call) => void;
  onResponse?: (posted: Posted) => void;
  private server: Server | undefined;
  private seq = 0;
  private base = '';

  /** The HTTP server, for a Socket Mode link to share. */
  get httpServer(): Server {
    return this.server!;
  }

  get url(): string {
    return `${this.base}/api/`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  responseUrl(): string {
    return `${this.base}/respond/${++this.seq}`;
  }

  /** What Slack hands the redirect URL after an admin approves an install: a one-time code. */
  grant(grant: Grant): string {
    const code = `code-${++this.seq}`;
    this.codes.set(code, grant);
    return code;
  }

  /** Slack revokes every token it issued for a workspace (or an org-wide install). */
  revoke(where: { teamId?: string; enterpriseId?: string }): void {
    for (const t of this.tokens.values()) {
      if (
        (where.teamId && t.teamId === where.teamId) ||
        (where.enterpriseId && t.isEnterpriseInstall && t.enterpriseId === where.enterpriseId)
      )
        t.revoked = true;
    }
  }

  /** Makes a workspace's rotating tokens expire now. */
  expire(teamId: string): void {
    for (const t of this.tokens.values()) if (t.teamId === teamId && t.expiresAt) t.expiresAt = 0;
  }

  /** The next `times` calls to `method` (those matching `where`) fail this way. */
  fail(method: string, failure: Failure, times = 1, where?: (args: Record<string, any>) => boolean): void {
    const queue = this.failures.get(method) ?? [];
    for (let i = 0; i < times; i++) queue.push({ failure, where });
    this.failures.set(method, queue);
  }

  /**
   * Holds calls to `method` (those matching `where`) unanswered until release(): a test can stop
   * the database or kill the process while Slack is in the middle of doing what was asked.
   */
  hold(method: string, where: (args: Record<string, any>) => boolean = () => true): () => void {
    let release!: () => void;
    const held = { method, where, gate: new Promise<void>((resolve) => (release = resolve)) };
    this.held.push(held);
    return () => {
      this.held = this.held.filter((h) => h !== held);
      release();
    };
  }

  callsTo(method: string, where: (args: Record<string, any>) => boolean = () => true): Call[] {
    return this.calls.filter((c) => c.method === method && where(c.args));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const bytes = await readBody(req);
    const raw = bytes.toString('utf8');
    const path = new URL(req.url ?? '/', this.base).pathname;
    if (path.startsWith('/respond/')) {
      const body = JSON.parse(raw || '{}');
      const posted = { url: `${this.base}${path}`, body };
      this.responses.push(posted);
      const problem = checkBlockKit('chat.postMessage', body);
      if (problem) {
        this.violations.push(`response_url: ${problem}`);
        return send(res, 400, 'invalid_blocks');
      }
      send(res, 200, 'ok');
      this.onResponse?.(posted);
      return;
    }
    if (path.startsWith('/upload/v1/')) return this.upload(path.slice('/upload/v1/'.length), bytes, req, res);
    const method = path.replace(/^\/api\//, '');
    const args = parseArgs(raw, req.headers['content-type']);
    const token = req.headers.authorization?.replace(/^Bearer /, '') ?? args.token;
    const call: Call = { method, args, token };
    this.calls.push(call);
    if (method === 'chat.postMessage' && this.postDelayMs) await new Promise((r) => setTimeout(r, this.postDelayMs));
    await this.held.find((h) => h.method === method && h.where(args))?.gate;
    const queue = this.failures.get(method) ?? [];
    const next = queue.findIndex((f) => !f.where || f.where(args));
    const failure = next < 0 ? undefined : queue.splice(next, 1)[0]!.failure;
    if (failure && 'status' in failure) {
      if (failure.status === 500 && failure.delivered) call.result = this.answer(method, args);
      const headers: Record<string, string> =
        failure.status === 429 ? { 'retry-after': String(failure.retryAfter) } : {};
      return send(
        res,
        failure.status,
        JSON.stringify({ ok: false, error: failure.status === 429 ? 'ratelimited' : 'internal_error' }),
        headers,
      );
    }
    call.result = failure
      ? { ok: false, error: failure.error }
      : (this.tokenError(method, token, args) ?? this.answer(method, args));
    send(res, 200, JSON.stringify(call.result));
    this.onCall?.(call);
  }

  /** A person's message, kept as Slack keeps it (conversations.replies shows it); the local demo posts them. */
  postAs(user: string, channel: string, text: string, thread_ts?: string): string {
    const ts = this.nextTs();
    this.history.set(channel, [...(this.history.get(channel) ?? []), { ts, text, thread_ts, user }]);
    return ts;
  }

  /** What a later run needs to go on where this one stopped (the local demo keeps it on disk). */
  snapshot(): EmulatorState {
    return { seq: this.seq, history: Object.fromEntries(this.history) };
  }

  restore(state: EmulatorState): void {
    this.seq = Math.max(this.seq, state.seq);
    for (const [channel, kept] of Object.entries(state.history)) {
      this.history.set(channel, kept);
      for (const m of kept) if (!m.user) this.messages.add(`${channel}/${m.ts}`);
    }
  }

  private nextTs(): string {
    this.seq += 1;
    return `${1_800_000_000 + this.seq}.${String(this.seq).padStart(6, '0')}`;
  }

  private channelError(channel: string, joining = false): string | undefined {
    const state = this.channels.get(channel);
    if (!state) return undefined;
    if (state.missing) return 'channel_not_found';
    if (state.archived) return 'is_archived';
    if (state.private && !state.member) return joining ? 'method_not_supported_for_channel_type' : 'channel_not_found';
    if (!joining && state.member === false) return 'not_in_channel';
    return undefined;
  }

  private answer(method: string, args: Record<string, any>): Record<string, unknown> {
    const blockError = checkBlockKit(method, args);
    if (blockError) return { ok: false, error: 'invalid_blocks', errors: [blockError] };
    switch (method) {
      case 'apps.connections.open':
        return { ok: true, url: `${this.base.replace(/^http/, 'ws')}/socket` };
      case 'oauth.v2.access':
        return this.oauth(args);
      case 'auth.test':
        return {
          ok: true,
          url: 'https://example.slack.com/',
          team: 'Example',
          user: 'who-can-help',
          team_id: 'T_EMULATOR',
          user_id: 'UBOT',
          bot_id: 'BBOT',
        };
      case 'chat.postMessage': {
        const dm = /^[UW]/.test(args.channel);
        const error = dm ? this.userError(args.channel) : this.channelError(args.channel);
        if (error) return { ok: false, error };
        const channel = dm ? `D${args.channel}` : args.channel;
        const ts = this.nextTs();
        this.messages.add(`${channel}/${ts}`);
        const kept = { ts, text: args.text, thread_ts: args.thread_ts, metadata: args.metadata };
        this.history.set(channel, [...(this.history.get(channel) ?? []), kept]);
        return {
          ok: true,
          channel,
          ts,
          message: { text: args.text, blocks: args.blocks, ts, thread_ts: args.thread_ts },
        };
      }
      case 'chat.update':
      case 'chat.delete':
        if (!this.messages.has(`${args.channel}/${args.ts}`)) return { ok: false, error: 'message_not_found' };
        if (method === 'chat.update') return { ok: true, channel: args.channel, ts: args.ts, text: args.text };
        this.messages.delete(`${args.channel}/${args.ts}`);
        this.history.set(
          args.channel,
          (this.history.get(args.channel) ?? []).filter((m) => m.ts !== args.ts),
        );
        return { ok: true, channel: args.channel, ts: args.ts };
      case 'chat.postEphemeral': {
        const error = this.channelError(args.channel);
        if (error) return { ok: false, error };
        const members = this.channels.get(args.channel)?.members;
        if (members && !members.includes(args.user)) return { ok: false, error: 'user_not_in_channel' };
        return { ok: true, message_ts: this.nextTs() };
      }
      case 'chat.getPermalink':
        return {
          ok: true,
          channel: args.channel,
          permalink: `https://example.slack.com/archives/${args.channel}/p${String(args.message_ts).replace('.', '')}`,
        };
      case 'conversations.join': {
        const error = this.channelError(args.channel, true);
        if (error) return { ok: false, error };
        this.channels.set(args.channel, { ...this.channels.get(args.channel), member: true });
        return { ok: true, channel: { id: args.channel } };
      }
      case 'conversations.setTopic': {
        const error = this.channelError(args.channel);
        if (error) return { ok: false, error };
        // Slack caps a topic at 250 characters.
        if (String(args.topic ?? '').length > 250) return { ok: false, error: 'too_long' };
        this.channels.set(args.channel, { ...this.channels.get(args.channel), topic: String(args.topic ?? '') });
        return { ok: true, channel: { id: args.channel, topic: { value: args.topic } } };
      }
      case 'conversations.info': {
        const state = this.channels.get(args.channel);
        if (state?.missing) return { ok: false, error: 'channel_not_found' };
        return {
          ok: true,
          channel: {
            id: args.channel,
            is_private: Boolean(state?.private),
            is_im: String(args.channel).startsWith('D'),
            is_shared: Boolean(state?.extShared),
            is_ext_shared: Boolean(state?.extShared),
            topic: { value: state?.topic ?? '' },
          },
        };
      }
      case 'conversations.open':
        return this.openConversation(args);
      case 'conversations.history': {
        // Newest first, top-level messages only, as Slack answers.
        const messages = (this.history.get(args.channel) ?? []).filter(
          (m) => Number(m.ts) >= Number(args.oldest ?? 0) && (!m.thread_ts || m.thread_ts === m.ts),
        );
        return { ok: true, messages: messages.reverse().map((m) => ({ type: 'message', ...m })), has_more: false };
      }
      case 'conversations.replies': {
        // The parent, then its replies, oldest first.
        const thread = (this.history.get(args.channel) ?? []).filter(
          (m) => m.ts === args.ts || m.thread_ts === args.ts,
        );
        return { ok: true, messages: thread.map((m) => ({ type: 'message', ...m })), has_more: false };
      }
      case 'users.list': {
        const all = [...this.users.values()].filter((u) => !args.team_id || u.team_id === args.team_id);
        const start = Number(args.cursor || 0);
        const limit = Number(args.limit || 200);
        const page = all.slice(start, start + limit).map((u) => ({ name: u.id.toLowerCase(), real_name: u.id, ...u }));
        const next = start + limit < all.length ? String(start + limit) : '';
        return { ok: true, members: page, response_metadata: { next_cursor: next } };
      }
      case 'files.getUploadURLExternal': {
        const length = Number(args.length);
        if (!args.filename || !Number.isInteger(length) || length < 1) return { ok: false, error: 'invalid_arguments' };
        const id = `F${String(++this.seq).padStart(8, '0')}`;
        this.files.set(id, { id, filename: args.filename, length });
        return { ok: true, upload_url: `${this.base}/upload/v1/${id}`, file_id: id };
      }
      case 'files.completeUploadExternal':
        return this.completeUpload(args);
      case 'views.open':
      case 'views.push':
      case 'views.update':
      case 'views.publish':
        return { ok: true, view: { id: `V${++this.seq}`, ...(args.view ?? {}) } };
      case 'users.info': {
        const user = this.users.get(args.user);
        return user
          ? {
              ok: true,
              user: {
                name: user.id.toLowerCase(),
                real_name: user.id,
                ...user,
                profile: { display_name: user.name ?? '', ...user.profile },
              },
            }
          : { ok: false, error: 'user_not_found' };
      }
      default:
        return { ok: true };
    }
  }

  /**
   * Tokens handed out through OAuth work in their own workspace only: a dead one is refused, and
   * one workspace's token never sees another's people.
   */
  private tokenError(
    method: string,
    token: string | undefined,
    args: Record<string, any>,
  ): Record<string, unknown> | undefined {
    const t = token ? this.tokens.get(token) : undefined;
    if (!t) return undefined;
    if (t.revoked) return { ok: false, error: 'token_revoked' };
    if (t.expiresAt !== undefined && t.expiresAt <= Date.now() / 1000) return { ok: false, error: 'token_expired' };
    if (method === 'auth.test') {
      return {
        ok: true,
        team_id: t.teamId,
        enterprise_id: t.enterpriseId,
        user_id: `UBOT_${t.teamId ?? t.enterpriseId}`,
        bot_id: `B_${t.teamId ?? t.enterpriseId}`,
        is_enterprise_install: Boolean(t.isEnterpriseInstall),
      };
    }
    const userId = args.user ?? args.user_id ?? (/^[UW]/.test(args.channel ?? '') ? args.channel : args.users);
    const user = userId ? this.users.get(userId) : undefined;
    const sameOrg =
      t.isEnterpriseInstall && t.enterpriseId !== undefined && this.enterpriseOf(user?.team_id) === t.enterpriseId;
    if (user?.team_id && user.team_id !== t.teamId && !sameOrg)
      return { ok: false, error: method === 'users.info' ? 'user_not_found' : 'channel_not_found' };
    if (method === 'users.list' && !t.isEnterpriseInstall && args.team_id && args.team_id !== t.teamId)
      return { ok: false, error: 'team_access_not_granted' };
    return undefined;
  }

  /** Workspaces in an org: the tokens issued say which enterprise a team belongs to. */
  readonly orgs = new Map<string, string>();
  private enterpriseOf(teamId: string | undefined): string | undefined {
    return teamId ? this.orgs.get(teamId) : undefined;
  }

  private oauth(args: Record<string, any>): Record<string, unknown> {
    if (args.grant_type === 'refresh_token') {
      const old = [...this.tokens.values()].find(
        (t) => t.refreshToken && t.refreshToken === args.refresh_token && !t.revoked,
      );
      if (!old) return { ok: false, error: 'invalid_refresh_token' };
      const { teamId, enterpriseId, isEnterpriseInstall, expiresIn } = old;
      const fresh = this.issue({ teamId, enterpriseId, isEnterpriseInstall, expiresIn });
      old.revoked = true;
      return {
        ok: true,
        token_type: 'bot',
        access_token: fresh.botToken,
        refresh_token: fresh.refreshToken,
        expires_in: fresh.expiresIn,
      };
    }
    const grant = this.codes.get(args.code);
    if (!grant) return { ok: false, error: 'invalid_code' };
    this.codes.delete(args.code);
    const t = this.issue(grant);
    if (grant.enterpriseId && grant.teamId) this.orgs.set(grant.teamId, grant.enterpriseId);
    return {
      ok: true,
      app_id: 'A_WHO_CAN_HELP',
      authed_user: { id: 'U_INSTALLER' },
      scope: 'commands,chat:write',
      token_type: 'bot',
      access_token: t.botToken,
      bot_user_id: `UBOT_${grant.teamId ?? grant.enterpriseId}`,
      ...(t.refreshToken ? { refresh_token: t.refreshToken, expires_in: grant.expiresIn } : {}),
      team: grant.isEnterpriseInstall ? null : { id: grant.teamId, name: 'Example' },
      enterprise: grant.enterpriseId ? { id: grant.enterpriseId, name: 'Example Org' } : null,
      is_enterprise_install: Boolean(grant.isEnterpriseInstall),
      ...(grant.isEnterpriseInstall ? { enterprise_url: 'https://example-org.enterprise.slack.com/' } : {}),
    };
  }

  private issue(grant: Grant): Token {
    const n = ++this.seq;
    const t: Token = {
      ...grant,
      botToken: `xoxb-${grant.expiresIn ? 'rotating-' : ''}${grant.teamId ?? grant.enterpriseId}-${n}`,
      ...(grant.expiresIn ? { refreshToken: `xoxe-1-${n}`, expiresAt: Date.now() / 1000 + grant.expiresIn } : {}),
    };
    this.tokens.set(t.botToken, t);
    return t;
  }

  /** The bytes POSTed to an upload URL, raw or as a multipart form, as Slack takes them: 200 when stored. */
  private upload(id: string, raw: Buffer, req: IncomingMessage, res: ServerResponse): void {
    const file = this.files.get(id);
    if (!file || req.method !== 'POST') {
      send(res, 404, 'not found');
      return;
    }
    // Split as latin1, one character a byte, so a binary file (a PNG) survives whole.
    const part = multipartFile(raw.toString('latin1'), req.headers['content-type']);
    file.bytes = part === undefined ? raw : Buffer.from(part, 'latin1');
    file.content = file.bytes.toString('utf8');
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end(`OK - ${file.bytes.length}`);
  }

  /** Shares uploaded files in channel_id (or keeps them private without one), as files.completeUploadExternal. */
  private completeUpload(args: Record<string, any>): Record<string, unknown> {
    const listed: Array<{ id?: string; title?: string }> = Array.isArray(args.files) ? args.files : [];
    if (listed.length === 0) return { ok: false, error: 'invalid_arguments' };
    const found = listed.map((f) => (f.id ? this.files.get(f.id) : undefined));
    // Never uploaded to its URL, or never asked for: Slack has no such file to complete.
    if (found.some((f) => f?.content === undefined)) return { ok: false, error: 'file_not_found' };
    const channel = args.channel_id as string | undefined;
    if (channel) {
      const error = this.channelError(channel);
      if (error) return { ok: false, error };
    }
    const files = found.map((f, i) => {
      Object.assign(f!, { title: listed[i]!.title ?? f!.filename, channel, comment: args.initial_comment });
      return { id: f!.id, name: f!.filename, title: f!.title, size: Buffer.byteLength(f!.content!) };
    });
    if (channel) {
      const ts = this.nextTs();
      this.messages.add(`${channel}/${ts}`);
      const kept = { ts, text: args.initial_comment ?? '' };
      this.history.set(channel, [...(this.history.get(channel) ?? []), kept]);
    }
    return { ok: true, files };
  }

  /** Group DMs opened by conversations.open, by their sorted members: the same people get the same one. */
  readonly groupDms = new Map<string, string[]>();

  /**
   * conversations.open: one user is a DM with the bot; two to eight make a group DM with the bot in
   * it (mpim:write), the same one each time for the same people, as Slack answers.
   */
  private openConversation(args: Record<string, any>): Record<string, unknown> {
    const users = String(args.users ?? '')
      .split(',')
      .map((u) => u.trim())
      .filter(Boolean);
    if (users.length === 0) return { ok: false, error: args.channel ? 'channel_not_found' : 'users_list_not_supplied' };
    if (users.length > 8) return { ok: false, error: 'too_many_users' };
    if (users.length === 1) return { ok: true, channel: { id: `D${users[0]}` } };
    if (users.some((u) => this.userError(u))) return { ok: false, error: 'user_disabled' };
    const members = [...new Set(users)].sort();
    const key = members.join(',');
    let id = [...this.groupDms.entries()].find(([, m]) => m.join(',') === key)?.[0];
    const already = Boolean(id);
    if (!id) {
      id = `G${String(++this.seq).padStart(9, '0')}`;
      this.groupDms.set(id, members);
      this.channels.set(id, { ...this.channels.get(id), private: true, member: true, members });
    }
    return { ok: true, already_open: already, channel: { id, is_mpim: true, is_im: false } };
  }

  private userError(id: string): string | undefined {
    const user = this.users.get(id);
    if (user?.deleted) return 'account_inactive';
    return undefined;
  }
}

function send(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(body);
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** The Web API client sends forms whose object fields (blocks, view) are JSON strings. */
function parseArgs(raw: string, contentType: string | undefined): Record<string, any> {
  if (contentType?.includes('application/json')) return raw ? JSON.parse(raw) : {};
  const args: Record<string, any> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    args[key] = /^[[{]/.test(value) ? safeJson(value) : value;
  }
  return args;
}

function safeJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/** The first file part of a multipart/form-data body, or undefined when the body is not one. */
function multipartFile(raw: string, contentType: string | undefined): string | undefined {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(contentType ?? '');
  if (!boundary) return undefined;
  for (const part of raw.split(`--${boundary[1] ?? boundary[2]}`)) {
    const split = part.indexOf('\r\n\r\n');
    if (split < 0 || !/filename=/.test(part.slice(0, split))) continue;
    return part.slice(split + 4).replace(/\r\n$/, '');
  }
  return undefined;
}
