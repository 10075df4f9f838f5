import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './support/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

describe('/skills export', () => {
  it('DMs the person a JSON file of everything stored about them, through files.uploadV2', async () => {
    const team = h.team();
    const [me, helper, other] = [team.user(), team.user(), team.user()];
    await team.skills(me, 'add blogging');
    await team.skills(me, 'interest photography');
    const mine = await team.ask(me, 'who can proofread a leaflet?');
    await team.react(helper, mine);
    await team.message({ user: helper, text: 'send it over', ts: '1800005000.000100', thread_ts: mine.ts });
    const theirs = await team.ask(other, 'who can lend a tripod?');
    await team.react(me, theirs);

    const out = await team.skills(me, 'export');
    expect(out.text).toContain('JSON file in our DM');
    const [asked] = h.emulator.callsTo('files.getUploadURLExternal', () => true).slice(-1);
    expect(asked!.args).toMatchObject({ filename: 'who-can-help-my-data.json' });
    const file = h.emulator.files.get(asked!.result!.file_id)!;
    expect(Buffer.byteLength(file.content!)).toBe(Number(asked!.args.length));
    const [completed] = h.emulator.callsTo('files.completeUploadExternal').slice(-1);
    expect(completed!.result).toMatchObject({ ok: true, files: [{ id: file.id }] });
    expect(file.channel).toBe(`D${me}`);

    const data = JSON.parse(file.content!);
    expect(data.userId).toBe(me);
    expect(data.skills.map((s: { name: string }) => s.name)).toEqual(['Blogging']);
    expect(data.interests.map((s: { name: string }) => s.name)).toEqual(['Photography']);
    expect(data.asks).toEqual([
      expect.objectContaining({
        id: mine.askId,
        text: 'who can proofread a leaflet?',
        volunteers: [expect.objectContaining({ userId: helper })],
        replies: [expect.objectContaining({ userId: helper, text: 'send it over' })],
      }),
    ]);
    expect(data.volunteering).toEqual([expect.objectContaining({ askId: theirs.askId, via: 'reaction' })]);
    for (const key of ['profile', 'replies', 'matchedTo', 'resolved', 'digests', 'settingsChanged'])
      expect(data).toHaveProperty(key);
    expect(JSON.stringify(data)).not.toContain(other);
  });
});
