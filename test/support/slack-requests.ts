import { createHmac, randomUUID } from 'node:crypto';
import { checkBlockKit } from '../../src/local-slack/block-kit.js';

export interface Reply {
  status: number;
  body: any;
}

export interface Team {
  teamId: string;
  enterpriseId?: string;
  /** The app is installed org-wide (Grid), not in this workspace alone. */
  orgInstall?: boolean;
}

/** Who an interaction comes from, as every interactivity payload says it. */
const from = (team: Team, user: string) => ({
  team: { id: team.teamId, domain: 'example' },
  enterprise: team.enterpriseId ? { id: team.enterpriseId } : null,
  is_enterprise_install: Boolean(team.orgInstall),
  user: { id: user, team_id: team.teamId, username: user.toLowerCase() },
  api_app_id: 'A_WHO_CAN_HELP',
  token: 'legacy-verification-token',
  trigger_id: `trigger.${randomUUID()}`,
});

/** Sends requests to the app's /slack/events exactly as Slack does: signed, form or JSON encoded. */
export class SlackRequests {
  constructor(
    private readonly appUrl: string,
    private readonly signingSecret: string,
  ) {}

  async send(
    body: string,
    contentType: string,
    headers: Record<string, string> = {},
    timestamp = Math.floor(Date.now() / 1000),
  ): Promise<Reply> {
    const signature = `v0=${createHmac('sha256', this.signingSecret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
    const res = await fetch(`${this.appUrl}/slack/events`, {
      method: 'POST',
      headers: {
        'content-type': contentType,
        'x-slack-request-timestamp': String(timestamp),
        'x-slack-signature': signature,
        ...headers,
      },
      body,
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // plain text bodies stay as they are
    }
    // An ack body is a message too: hold it to Slack's limits.
    if (parsed && typeof parsed === 'object' && 'blocks' in parsed) {
      const problem = checkBlockKit('chat.postMessage', parsed as Record<string, unknown>);
      if (problem) throw new Error(`ack body breaks Block Kit limits: ${problem}`);
    }
    return { status: res.status, body: parsed };
  }

  command(
    team: Team,
    command: { command: string; text: string; user_id: string; channel_id: string; response_url: string },
  ): Promise<Reply> {
    const form = new URLSearchParams({
      token: 'legacy-verification-token',
      team_id: team.teamId,
      team_domain: 'example',
      ...(team.enterpriseId
        ? { enterprise_id: team.enterpriseId, is_enterprise_install: team.orgInstall ? 'true' : 'false' }
        : {}),
      channel_name: 'general',
      user_name: command.user_id.toLowerCase(),
      api_app_id: 'A_WHO_CAN_HELP',
      trigger_id: `trigger.${randomUUID()}`,
      ...command,
    });
    return this.send(form.toString(), 'application/x-www-form-urlencoded');
  }

  /** An Events API delivery; pass the same eventId and a retryNum to send Slack's retry of it. */
  event(
    team: Team,
    event: Record<string, unknown>,
    options: { eventId?: string; retryNum?: number } = {},
  ): Promise<Reply> {
    const body = JSON.stringify({
      token: 'legacy-verification-token',
      team_id: team.teamId,
      ...(team.enterpriseId ? { enterprise_id: team.enterpriseId } : {}),
      api_app_id: 'A_WHO_CAN_HELP',
      type: 'event_callback',
      event_id: options.eventId ?? `Ev${randomUUID().replace(/-/g, '').slice(0, 12).toUpperCase()}`,
      event_time: Math.floor(Date.now() / 1000),
      authorizations: [
        {
          team_id: team.orgInstall ? null : team.teamId,
          enterprise_id: team.enterpriseId ?? null,
          user_id: 'UBOT',
          is_bot: true,
          is_enterprise_install: Boolean(team.orgInstall),
        },
      ],
      ...(team.orgInstall ? { is_enterprise_install: true } : {}),
      is_ext_shared_channel: false,
      event: { event_ts: `${Date.now() / 1000}`, ...event },
    });
    const headers: Record<string, string> = options.retryNum
      ? { 'x-slack-retry-num': String(options.retryNum), 'x-slack-retry-reason': 'http_timeout' }
      : {};
    return this.send(body, 'application/json', headers);
  }

  /** An interactivity payload (block_actions, view_submission), form-encoded as `payload=`. */
  interaction(payload: Record<string, unknown>): Promise<Reply> {
    return this.send(
      new URLSearchParams({ payload: JSON.stringify(payload) }).toString(),
      'application/x-www-form-urlencoded',
    );
  }

  buttonPress(
    team: Team,
    user: string,
    action: { action_id: string; value: string },
    where: { channel: string; ts?: string; response_url: string },
  ): Promise<Reply> {
    return this.interaction({
      type: 'block_actions',
      ...from(team, user),
      container: { type: 'message', channel_id: where.channel, message_ts: where.ts ?? '1.000', is_ephemeral: false },
      channel: { id: where.channel, name: 'general' },
      message: where.ts ? { ts: where.ts, type: 'message' } : undefined,
      response_url: where.response_url,
      actions: [{ type: 'button', block_id: 'ask_actions', action_ts: `${Date.now() / 1000}`, ...action }],
    });
  }

  /** A button on someone's App Home tab: no channel, no message, no response_url. */
  homeButtonPress(team: Team, user: string, action: { action_id: string; value: string }): Promise<Reply> {
    return this.interaction({
      type: 'block_actions',
      ...from(team, user),
      container: { type: 'view', view_id: 'VHOME' },
      view: {
        id: 'VHOME',
        type: 'home',
        team_id: team.teamId,
        hash: 'h',
        private_metadata: '',
        callback_id: '',
        state: { values: {} },
      },
      actions: [{ type: 'button', block_id: 'b', action_ts: `${Date.now() / 1000}`, ...action }],
    });
  }

  viewSubmission(
    team: Team,
    user: string,
    view: { callback_id: string; private_metadata: string; values: Record<string, Record<string, unknown>> },
  ): Promise<Reply> {
    return this.interaction({
      type: 'view_submission',
      ...from(team, user),
      view: {
        id: `V${randomUUID().slice(0, 8)}`,
        team_id: team.teamId,
        type: 'modal',
        callback_id: view.callback_id,
        private_metadata: view.private_metadata,
        state: { values: view.values },
        hash: 'h',
      },
      response_urls: [],
    });
  }
}
