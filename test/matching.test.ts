import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './support/harness.js';
import { liveMentions } from './support/mentions.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

describe('/skills who', () => {
  async function org() {
    const team = h.team();
    const people = {
      blogger: team.user(),
      writer: team.user(),
      pythonista: team.user(),
      viz: team.user(),
      photographer: team.user(),
      learner: team.user(),
      leaver: team.user(),
    };
    await team.skills(people.blogger, 'add blogger');
    await team.skills(people.writer, 'add blog writing');
    await team.skills(people.pythonista, 'add python3');
    await team.skills(people.viz, 'add data visualisation');
    await team.skills(people.photographer, 'add photography');
    await team.skills(people.learner, 'interest blogging');
    await team.skills(people.leaver, 'add blogging');
    await h.slack.event(team, {
      type: 'user_change',
      user: { id: people.leaver, team_id: team.teamId, name: 'leaver', deleted: true },
    });
    await h.idle();
    return { team, people };
  }

  it.each([
    ['blog', ['blogger', 'writer', 'learner']],
    ['Python', ['pythonista']],
    ['data viz', ['viz']],
    ['photgraphy', ['photographer']],
  ] as const)('“%s” finds the right people, skills before interests, never a leaver', async (query, expected) => {
    const { team, people } = await org();
    const out = await team.skills(team.user(), `who ${query}`);
    const order = [...out.text.matchAll(/<@(U[A-Z0-9]+)>/g)].map((m) => m[1]);
    // Equal matches tie; the interest comes last.
    expect(new Set(order)).toEqual(new Set(expected.map((k) => people[k])));
    expect(order.at(-1)).toBe(people[expected.at(-1)!]);
    expect(out.text).not.toContain(people.leaver);
  });

  it('a returning person comes back', async () => {
    const { team, people } = await org();
    await h.slack.event(team, {
      type: 'user_change',
      user: { id: people.leaver, team_id: team.teamId, name: 'leaver', deleted: false },
    });
    await h.idle();
    expect((await team.skills(team.user(), 'who blogging')).text).toContain(people.leaver);
  });

  it('shows at most 20 and says how many more', async () => {
    const team = h.team();
    for (let i = 0; i < 23; i++) await team.skills(team.user(), 'add research');
    const out = await team.skills(team.user(), 'who research');
    expect(out.text.match(/<@U/g)).toHaveLength(20);
    expect(out.text).toContain('…and 3 more.');
  });

  it('never shows another workspace’s people', async () => {
    const mine = h.team();
    const theirs = h.team();
    await theirs.skills(theirs.user(), 'add accessibility');
    expect((await mine.skills(mine.user(), 'who accessibility')).text).toContain('Nobody has declared');
  });
});

describe('a new ask reaches the people who match', () => {
  it('tags the best matches in one threaded reply saying why, never the asker, a leaver or a bot', async () => {
    const team = h.team();
    const [asker, blogger, writer, leaver, bot, unrelated] = [
      team.user(),
      team.user(),
      team.user(),
      team.user(),
      team.user({ is_bot: true }),
      team.user(),
    ];
    for (const u of [asker, blogger, leaver, bot]) await team.skills(u, 'add blogging');
    await team.skills(writer, 'interest blog writing');
    await team.skills(unrelated, 'add procurement');
    await h.slack.event(team, { type: 'user_change', user: { id: leaver, team_id: team.teamId, deleted: true } });
    await h.idle();

    const ask = await team.ask(asker, 'we want to start a blog, who can help?');
    const thread = h.emulator.callsTo('chat.postMessage', (a) => a.thread_ts === ask.ts);
    expect(thread).toHaveLength(1);
    const text: string = thread[0]!.args.text;
    expect(text).toContain(`<@${blogger}> knows *Blogging*`);
    // The mention quotes the ask, so the notification says what is asked.
    expect(text).toMatch(/^> “we want to start a blog, who can help\?”/);
    // Someone who only wants to learn it hears of it in their digest, never named in public.
    for (const never of [asker, leaver, bot, unrelated, writer]) expect(text).not.toContain(never);
    expect(liveMentions(text)).toEqual([]);
    expect(
      JSON.stringify(h.emulator.callsTo('chat.postMessage', (a) => a.channel === team.channel)[0]!.args.blocks),
    ).toContain('*Skills:* Blogging');
    expect(ask.responses[0]!.body.text).toContain("I've told 1 person whose skills match");
  });

  it.each([
    ['can someone give me access to the shared drive?', []],
    ["let's go live with the new form next week", []],
    ["it'll only take 10 minutes of your time", []],
    ['our new website must meet WCAG, who can review it?', ['accessibility']],
    ['we need an accessibility audit of the intranet', ['accessibility']],
    ['is anyone writing Go services here?', []],
    ['is anyone writing golang services here?', ['go']],
    ['we need someone to take minutes at the board meeting', ['minute taking']],
  ])('“%s” tags exactly the experts it should', async (text, expected) => {
    const team = h.team();
    const experts: Record<string, string> = {};
    for (const skill of ['accessibility', 'go', 'minute taking', 'blogging']) {
      experts[skill] = team.user();
      await team.skills(experts[skill]!, `add ${skill}`);
    }
    const ask = await team.ask(team.user(), text);
    const thread = h.emulator.callsTo('chat.postMessage', (a) => a.thread_ts === ask.ts)[0]?.args.text ?? '';
    const tagged = Object.keys(experts).filter((skill) => thread.includes(experts[skill]!));
    expect(tagged).toEqual(expected);
  });

  it('never tags people from another workspace', async () => {
    const mine = h.team();
    const theirs = h.team();
    const outsider = theirs.user();
    await theirs.skills(outsider, 'add blogging');
    const ask = await mine.ask(mine.user(), 'we want to start a blog, who can help?');
    expect(JSON.stringify(h.emulator.callsTo('chat.postMessage'))).not.toContain(outsider);
    expect(h.emulator.callsTo('chat.postMessage', (a) => a.thread_ts === ask.ts)).toHaveLength(0);
  });

  it('posts no threaded reply when nobody matches', async () => {
    const team = h.team();
    const ask = await team.ask(team.user(), 'who can help with quantum basket weaving?');
    expect(h.emulator.callsTo('chat.postMessage', (a) => a.thread_ts === ask.ts)).toHaveLength(0);
  });
});

describe('MATCH_NOTIFY=dm', () => {
  let hd: Harness;
  beforeAll(async () => {
    hd = await startHarness({ env: { MATCH_NOTIFY: 'dm', MATCH_NOTIFY_LIMIT: '1' } });
  });
  afterAll(async () => {
    await hd?.close();
  });

  it('DMs each of the best matches, up to the limit, instead of replying in the thread', async () => {
    const team = hd.team();
    const [asker, best, second] = [team.user(), team.user(), team.user()];
    await team.skills(best, 'add photography');
    await team.skills(second, 'interest photography');
    const ask = await team.ask(asker, 'who can take photos at our summer party?');
    expect(hd.emulator.callsTo('chat.postMessage', (a) => a.thread_ts === ask.ts)).toHaveLength(0);
    const dms = hd.emulator.callsTo('chat.postMessage', (a) => a.channel === best);
    expect(dms).toHaveLength(1);
    expect(dms[0]!.args.text).toContain(`<@${asker}> is asking`);
    expect(dms[0]!.args.text).toContain('you know *Photography*');
    expect(hd.emulator.callsTo('chat.postMessage', (a) => a.channel === second)).toHaveLength(0);
  });
});
