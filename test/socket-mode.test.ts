import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asks, volunteers } from '../src/db/schema/index.js';
import { type Harness, startHarness } from './support/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ socketMode: true, env: { PORT: '0' } });
});
afterAll(async () => {
  await h?.close();
});

describe('Socket Mode', () => {
  it('connects out with the app token, then takes /ask and reactions over the socket', async () => {
    await h.socket!.connected;
    expect(h.emulator.callsTo('apps.connections.open')[0]?.token).toBe('xapp-test-token');
    const team = h.team();
    const [asker, helper] = [team.user(), team.user()];

    const ack = await h.socket!.send('slash_commands', {
      token: 'legacy',
      team_id: team.teamId,
      channel_id: team.channel,
      user_id: asker,
      command: '/ask',
      text: 'who can help with our <!channel> newsletter?',
      api_app_id: 'A_WHO_CAN_HELP',
      is_enterprise_install: 'false',
      response_url: h.emulator.responseUrl(),
      trigger_id: `trigger.${randomUUID()}`,
    });
    expect(JSON.stringify(ack ?? {})).not.toContain('<!channel>');
    await h.idle();
    const [ask] = await h.database.db.select().from(asks).where(eq(asks.teamId, team.teamId));
    expect(ask?.messageTs).toBeTruthy();
    const post = h.emulator.callsTo('chat.postMessage', (a) => a.channel === team.channel)[0]!;
    expect(post.token).toBe('xoxb-test-token');
    expect(post.args.text).toContain('&lt;!channel&gt;');

    await h.socket!.send('events_api', {
      team_id: team.teamId,
      api_app_id: 'A_WHO_CAN_HELP',
      type: 'event_callback',
      event_id: `Ev${randomUUID().slice(0, 10)}`,
      event_time: Math.floor(Date.now() / 1000),
      authorizations: [{ team_id: team.teamId, user_id: 'UBOT', is_bot: true, is_enterprise_install: false }],
      event: {
        type: 'reaction_added',
        user: helper,
        reaction: 'raising_hand',
        item: { type: 'message', channel: ask!.channelId, ts: ask!.messageTs },
        event_ts: `${Date.now() / 1000}`,
      },
    });
    await h.idle();
    expect(await h.database.db.select().from(volunteers).where(eq(volunteers.askId, ask!.id))).toHaveLength(1);
  });
});
