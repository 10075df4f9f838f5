import { createHmac, randomUUID } from 'node:crypto';
import { BOT_USER, type LocalWorkspace, type Message, type OpenView } from './workspace.js';

/** What the bot answered a request with: its HTTP status and body (an ack may carry a message or form errors). */
export interface Answer {
  status: number;
  body: any;
}

/** The local workspace's identity, as every payload says it. */
export interface Place {
  teamId: string;
  botUrl: string;
  signingSecret: string;
}

/**
 * The requests Slack sends the bot when someone types, reacts, presses or submits: signed as
 * Slack signs them, and their acks shown where Slack shows them.
 */
export class Acting {
  constructor(
    private readonly place: Place,
    private readonly workspace: LocalWorkspace,
    private readonly postAs: (user: string, channel: string, text: string, threadTs?: string) => string,
  ) {}

  private async send(body: string, contentType: string): Promise<Answer> {
    const timestamp = Math.floor(Date.now() / 1000);
    const base = `v0:${timestamp}:${body}`;
    const signature = `v0=${createHmac('sha256', this.place.signingSecret).update(base).digest('hex')}`;
    const res = await fetch(`${this.place.botUrl}/slack/events`, {
      method: 'POST',
      headers: {
        'content-type': contentType,
        'x-slack-request-timestamp': String(timestamp),
        'x-slack-signature': signature,
      },
      body,
    });
    const text = await res.text();
    try {
      return { status: res.status, body: text ? JSON.parse(text) : undefined };
    } catch {
      return { status: res.status, body: text };
    }
  }

  private from(user: string) {
    return {
      team: { id: this.place.teamId, domain: 'local' },
      enterprise: null,
      is_enterprise_install: false,
      user: { id: user, team_id: this.place.teamId, username: user.toLowerCase() },
      api_app_id: 'A_LOCAL',
      token: 'local',
      trigger_id: this.workspace.trigger(user),
    };
  }

  private event(event: Record<string, unknown>): Promise<Answer> {
    const body = {
      token: 'local',
      team_id: this.place.teamId,
      api_app_id: 'A_LOCAL',
      type: 'event_callback',
      event_id: `Ev${randomUUID().replace(/-/g, '').slice(0, 12).toUpperCase()}`,
      event_time: Math.floor(Date.now() / 1000),
      authorizations: [{ team_id: this.place.teamId, user_id: BOT_USER, is_bot: true, is_enterprise_install: false }],
      is_ext_shared_channel: false,
      event: { event_ts: `${Date.now() / 1000}`, ...event },
    };
    return this.send(JSON.stringify(body), 'application/json');
  }

  private interaction(payload: Record<string, unknown>): Promise<Answer> {
    const form = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
    return this.send(form, 'application/x-www-form-urlencoded');
  }

  /** A slash command; what its ack says shows to the person alone, where they typed it. */
  async command(user: string, channel: string, command: string, text: string): Promise<Answer> {
    const form = new URLSearchParams({
      token: 'local',
      team_id: this.place.teamId,
      team_domain: 'local',
      channel_id: channel,
      channel_name: channel,
      user_id: user,
      user_name: user.toLowerCase(),
      command,
      text,
      api_app_id: 'A_LOCAL',
      response_url: this.workspace.responseUrl({ user, channel }),
      trigger_id: this.workspace.trigger(user),
    });
    const answer = await this.send(form.toString(), 'application/x-www-form-urlencoded');
    const said = typeof answer.body === 'string' ? { text: answer.body } : answer.body;
    if (answer.status === 200 && (said?.text || said?.blocks)) {
      const ts = `${Date.now() / 1000}`;
      this.workspace.add({ channel, ts, user: BOT_USER, text: said.text ?? '', blocks: said.blocks, onlyFor: user });
    }
    return answer;
  }

  /** A message typed in a channel, a DM with the bot or a thread. */
  say(user: string, channel: string, text: string, threadTs?: string): Promise<Answer> {
    const ts = this.postAs(user, channel, text, threadTs);
    this.workspace.add({ channel, ts, user, text, thread_ts: threadTs });
    const channelType = channel.startsWith('D') ? 'im' : 'channel';
    return this.event({ type: 'message', channel, channel_type: channelType, user, text, ts, thread_ts: threadTs });
  }

  async react(user: string, message: Message, name: string, removed: boolean): Promise<Answer | undefined> {
    if (!this.workspace.react(message, user, name, removed)) return undefined;
    return this.event({
      type: removed ? 'reaction_removed' : 'reaction_added',
      user,
      reaction: name,
      item_user: message.user,
      item: { type: 'message', channel: message.channel, ts: message.ts },
    });
  }

  openHome(user: string): Promise<Answer> {
    return this.event({ type: 'app_home_opened', user, channel: `D${user}`, tab: 'home' });
  }

  /** A button press or a menu choice on a message (public or ephemeral). */
  onMessage(user: string, message: Message, action: Record<string, unknown>): Promise<Answer> {
    return this.interaction({
      type: 'block_actions',
      ...this.from(user),
      container: {
        type: 'message',
        channel_id: message.channel,
        message_ts: message.ts,
        is_ephemeral: Boolean(message.onlyFor),
      },
      channel: { id: message.channel, name: message.channel },
      message: { type: 'message', ts: message.ts, text: message.text, blocks: message.blocks, user: message.user },
      response_url: this.workspace.responseUrl({ user, channel: message.channel, ts: message.ts }),
      state: { values: {} },
      actions: [{ action_ts: `${Date.now() / 1000}`, ...action }],
    });
  }

  /** A button press or a menu choice in a modal or on the Home tab, with the form's values as they stand. */
  onView(user: string, open: OpenView, values: Record<string, unknown>, action: Record<string, unknown>) {
    return this.interaction({
      type: 'block_actions',
      ...this.from(user),
      container: { type: 'view', view_id: open.id },
      view: this.viewPayload(open, values),
      actions: [{ action_ts: `${Date.now() / 1000}`, ...action }],
    });
  }

  /** Typing in an external select: the bot's options endpoint answers with what to offer. */
  suggest(user: string, open: OpenView | undefined, action: { action_id: string; block_id: string; value: string }) {
    return this.interaction({
      type: 'block_suggestion',
      ...this.from(user),
      ...action,
      ...(open ? { container: { type: 'view', view_id: open.id }, view: this.viewPayload(open, {}) } : {}),
    });
  }

  /** Submits the modal on top; the ack closes it, shows its errors, updates it, or pushes another. */
  async submit(user: string, values: Record<string, unknown>): Promise<Answer | undefined> {
    const stack = this.workspace.modals.get(user) ?? [];
    const open = stack.at(-1);
    if (!open) return undefined;
    const answer = await this.interaction({
      type: 'view_submission',
      ...this.from(user),
      view: this.viewPayload(open, values),
      response_urls: [],
    });
    if (answer.status !== 200) return answer;
    const ack = answer.body ?? {};
    const current = this.workspace.modals.get(user) ?? [];
    if (ack.response_action === 'errors') open.errors = ack.errors;
    else if (ack.response_action === 'update') Object.assign(open, { view: ack.view, errors: undefined });
    else if (ack.response_action === 'push') current.push({ id: `V${randomUUID().slice(0, 8)}`, view: ack.view });
    else if (ack.response_action === 'clear') current.length = 0;
    else current.splice(current.indexOf(open), 1);
    this.workspace.setModals(user, current);
    return answer;
  }

  /** Closes the modal on top, telling the bot when it asked to be told. */
  async close(user: string): Promise<void> {
    const stack = this.workspace.modals.get(user) ?? [];
    const open = stack.pop();
    this.workspace.setModals(user, stack);
    if (open?.view.notify_on_close)
      await this.interaction({ type: 'view_closed', ...this.from(user), view: this.viewPayload(open, {}) });
  }

  private viewPayload(open: OpenView, values: Record<string, unknown>) {
    return {
      id: open.id,
      team_id: this.place.teamId,
      type: open.view.type ?? 'modal',
      callback_id: open.view.callback_id ?? '',
      private_metadata: open.view.private_metadata ?? '',
      external_id: open.view.external_id,
      blocks: open.view.blocks ?? [],
      state: { values },
      hash: 'local',
    };
  }
}
