import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asks } from '../src/db/schema/index.js';
import { type Harness, startHarness } from './support/harness.js';
import { resolveWithForm } from './support/helping.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const statusOf = async (askId: string) =>
  (await h.database.db.select().from(asks).where(eq(asks.id, askId)))[0]?.status;
const threadReplies = (ts: string) => h.emulator.callsTo('chat.postMessage', (a) => a.thread_ts === ts);

async function setup() {
  const team = h.team();
  const asker = team.user();
  const ask = await team.ask(asker, 'who can proofread a report?');
  const helpers = [team.user(), team.user()];
  for (const helper of helpers) await team.react(helper, ask);
  return { team, asker, ask, helpers };
}

describe('Mark resolved', () => {
  it('by the asker, through the form, closes the ask, updates the message, thanks the volunteers', async () => {
    const { team, asker, ask, helpers } = await setup();
    await resolveWithForm(h, team, asker, ask);
    expect(await statusOf(ask.askId)).toBe('resolved');
    const update = h.emulator.callsTo('chat.update', (a) => a.ts === ask.ts).at(-1)!;
    const blocks = JSON.stringify(update.args.blocks);
    expect(blocks).toContain('Resolved');
    expect(blocks).not.toContain('ask_volunteer');
    const [thanks] = threadReplies(ask.ts);
    for (const helper of helpers) expect(thanks!.args.text).toContain(`<@${helper}>`);
  });

  it('by anyone else is refused ephemerally and changes nothing', async () => {
    const { team, ask } = await setup();
    const { responses } = await team.press(team.user(), 'ask_resolve', ask);
    expect(responses[0]!.text).toContain('Only the asker');
    expect(await statusOf(ask.askId)).toBe('open');
    expect(threadReplies(ask.ts)).toHaveLength(0);
  });

  it('by a workspace admin or owner is allowed', async () => {
    for (const role of [{ is_admin: true }, { is_owner: true }]) {
      const { team, ask } = await setup();
      await team.press(team.user(role), 'ask_resolve', ask);
      expect(await statusOf(ask.askId)).toBe('resolved');
    }
  });

  it('by an admin demoted since the bot last saw them is refused: Slack is asked afresh', async () => {
    const { team, ask } = await setup();
    const demoted = team.user({ is_admin: true });
    // Seen as an admin moments ago, so the bot's cache of people still says so.
    await team.skills(demoted, 'add python');
    h.emulator.users.get(demoted)!.is_admin = false;
    const { responses } = await team.press(demoted, 'ask_resolve', ask);
    expect(responses[0]!.text).toContain('Only the asker');
    expect(await statusOf(ask.askId)).toBe('open');
  });

  it('once resolved, the ask takes no more volunteers and a second resolve says so', async () => {
    const { team, asker, ask } = await setup();
    await resolveWithForm(h, team, asker, ask);
    const dmsBefore = h.emulator.callsTo('chat.postMessage', (a) => a.channel === asker).length;
    await team.react(team.user(), ask);
    const late = await team.press(team.user(), 'ask_volunteer', ask);
    const again = await team.press(asker, 'ask_resolve', ask);
    expect(late.responses[0]!.text).toContain('closed');
    expect(again.responses[0]!.text).toContain('already resolved');
    expect(h.emulator.callsTo('chat.postMessage', (a) => a.channel === asker)).toHaveLength(dmsBefore);
    expect(threadReplies(ask.ts)).toHaveLength(1);
  });
});
