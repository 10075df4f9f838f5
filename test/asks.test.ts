import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './support/harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

describe('/ask', () => {
  it('broadcasts the ask to the channel and answers the asker with a link', async () => {
    const team = h.team();
    const asker = team.user();
    const ask = await team.ask(asker, 'we want to start a blog, who can help?');
    expect(ask.reply.status).toBe(200);
    expect(ask.ts).toBeTruthy();
    const post = h.emulator.callsTo('chat.postMessage', (a) => a.channel === team.channel)[0]!;
    expect(JSON.stringify(post.args.blocks)).toContain('we want to start a blog, who can help?');
    expect(ask.responses[0]?.body.text).toContain(`https://example.slack.com/archives/${team.channel}/p`);
  });
});
