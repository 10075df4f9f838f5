import type { Call, Posted, SlackEmulator } from './emulator.js';

/** The bot's own user id, as the emulator's auth.test names it. */
export const BOT_USER = 'UBOT';

export interface Message {
  /** Order of arrival across the workspace (ts are Slack-like, not clock time). */
  n: number;
  at: number;
  channel: string;
  ts: string;
  user: string;
  text: string;
  blocks?: unknown[];
  thread_ts?: string;
  reactions: Record<string, string[]>;
  files?: Array<{ id: string; name: string; title?: string }>;
  /** Only this person sees it (chat.postEphemeral, a response_url, a command's ack). */
  onlyFor?: string;
}

export interface OpenView {
  id: string;
  view: Record<string, any>;
  /** Errors the bot's ack sent back for the form's inputs, by block id. */
  errors?: Record<string, string>;
}

/** Where a response_url was handed out: answers to it land there. */
export interface Origin {
  user: string;
  channel: string;
  /** The message whose button was pressed, if any. */
  ts?: string;
}

interface Saved {
  n: number;
  messages: Message[];
  homes: Record<string, OpenView>;
}

/**
 * What the people of the local workspace see, built from what the bot sends the emulator: channel
 * and DM messages, ephemerals, modals and Home tabs. The page renders it; nothing here is the bot's.
 */
export class LocalWorkspace {
  private n = 0;
  messages: Message[] = [];
  readonly homes = new Map<string, OpenView>();
  readonly modals = new Map<string, OpenView[]>();
  private readonly origins = new Map<string, Origin>();
  private readonly triggers = new Map<string, string>();
  private readonly listeners = new Set<() => void>();

  constructor(private readonly slack: SlackEmulator) {
    slack.onCall = (call) => this.called(call);
    slack.onResponse = (posted) => this.responded(posted);
  }

  /** Told after every change (the page's live updates). */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  changed(): void {
    for (const listener of this.listeners) listener();
  }

  /** A response_url for a request made as `origin.user`, remembered so its answers land in the right place. */
  responseUrl(origin: Origin): string {
    const url = this.slack.responseUrl();
    this.origins.set(url, origin);
    return url;
  }

  /** A trigger_id: views.open with it opens a modal for this person. */
  trigger(user: string): string {
    const id = `trigger.${++this.n}.${user}`;
    this.triggers.set(id, user);
    return id;
  }

  add(message: Omit<Message, 'n' | 'at' | 'reactions'> & { reactions?: Message['reactions'] }): Message {
    const kept: Message = { reactions: {}, ...message, n: ++this.n, at: Date.now() };
    this.messages.push(kept);
    this.changed();
    return kept;
  }

  find(channel: string, ts: string): Message | undefined {
    return this.messages.find((m) => m.channel === channel && m.ts === ts);
  }

  /** Adds or takes away a person's reaction; false when that changed nothing. */
  react(message: Message, user: string, name: string, removed: boolean): boolean {
    const who = message.reactions[name] ?? [];
    if (removed ? !who.includes(user) : who.includes(user)) return false;
    message.reactions[name] = removed ? who.filter((u) => u !== user) : [...who, user];
    if (message.reactions[name]!.length === 0) delete message.reactions[name];
    this.changed();
    return true;
  }

  dismiss(user: string, ts: string): void {
    this.messages = this.messages.filter((m) => !(m.onlyFor === user && m.ts === ts));
    this.changed();
  }

  /** The modal on top of this person's stack. */
  modal(user: string): OpenView | undefined {
    return this.modals.get(user)?.at(-1);
  }

  setModals(user: string, stack: OpenView[]): void {
    if (stack.length) this.modals.set(user, stack);
    else this.modals.delete(user);
    this.changed();
  }

  private called({ method, args, result }: Call): void {
    if (!result?.ok) return;
    switch (method) {
      case 'chat.postMessage':
        this.add({
          channel: result.channel,
          ts: result.ts,
          user: BOT_USER,
          text: args.text ?? '',
          blocks: args.blocks,
          thread_ts: args.thread_ts,
        });
        return;
      case 'chat.update': {
        const message = this.find(args.channel, args.ts);
        if (message) Object.assign(message, { text: args.text ?? message.text, blocks: args.blocks ?? message.blocks });
        this.changed();
        return;
      }
      case 'chat.delete':
        this.messages = this.messages.filter((m) => !(m.channel === args.channel && m.ts === args.ts));
        this.changed();
        return;
      case 'chat.postEphemeral':
        this.add({
          channel: args.channel,
          ts: result.message_ts,
          user: BOT_USER,
          text: args.text ?? '',
          blocks: args.blocks,
          thread_ts: args.thread_ts,
          onlyFor: args.user,
        });
        return;
      case 'files.completeUploadExternal':
        if (!args.channel_id) return;
        this.add({
          channel: args.channel_id,
          ts: `${Date.now() / 1000}`,
          user: BOT_USER,
          text: args.initial_comment ?? '',
          thread_ts: args.thread_ts,
          files: result.files,
        });
        return;
      case 'views.publish':
        this.homes.set(args.user_id, { id: result.view.id, view: args.view });
        this.changed();
        return;
      case 'views.open':
      case 'views.push': {
        const user = this.triggers.get(args.trigger_id);
        if (!user) return;
        const stack = method === 'views.open' ? [] : (this.modals.get(user) ?? []);
        this.setModals(user, [...stack, { id: result.view.id, view: args.view }]);
        return;
      }
      case 'views.update':
        for (const stack of this.modals.values()) {
          const open = stack.find((v) => v.id === args.view_id || v.view.external_id === args.external_id);
          if (open) Object.assign(open, { view: args.view, errors: undefined });
        }
        this.changed();
        return;
    }
  }

  /** A response_url answer: replaces or deletes what the button was on, or adds a message. */
  private responded({ url, body }: Posted): void {
    const origin = this.origins.get(url);
    if (!origin) return;
    const original = origin.ts ? this.find(origin.channel, origin.ts) : undefined;
    if (original && body.delete_original) {
      this.messages = this.messages.filter((m) => m !== original);
      this.changed();
      return;
    }
    // A public message is never replaced by an answer marked ephemeral: that would show it to everyone.
    const replaces = original && body.replace_original && (original.onlyFor || body.response_type !== 'ephemeral');
    if (replaces) {
      Object.assign(original, { text: body.text ?? '', blocks: body.blocks });
      this.changed();
      return;
    }
    if (body.text === undefined && body.blocks === undefined) return;
    this.add({
      channel: origin.channel,
      ts: `${Date.now() / 1000}`,
      user: BOT_USER,
      text: body.text ?? '',
      blocks: body.blocks,
      thread_ts: original?.thread_ts,
      ...(body.response_type === 'in_channel' ? {} : { onlyFor: origin.user }),
    });
  }

  /** What a restart needs: the messages and Home tabs (modals and ephemerals are gone, as in Slack). */
  save(): Saved {
    const messages = this.messages.filter((m) => !m.onlyFor);
    return { n: this.n, messages, homes: Object.fromEntries(this.homes) };
  }

  load(saved: Saved): void {
    this.n = saved.n;
    this.messages = saved.messages;
    for (const [user, home] of Object.entries(saved.homes)) this.homes.set(user, home);
  }
}
