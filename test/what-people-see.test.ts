import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { askMatches, people } from '../src/db/schema/index.js';
import { type Harness, startHarness, type TestTeam } from './support/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const DAY = 86_400_000;
const digestsTo = (user: string) =>
  h.emulator
    .callsTo('chat.postMessage', (a) => a.channel === user && a.metadata?.event_type === 'who_can_help_digest')
    .filter((c) => c.result?.ok)
    .map((c) => JSON.stringify(c.args.blocks));
const person = async (team: TestTeam, userId: string) =>
  (
    await h.database.db
      .select()
      .from(people)
      .where(and(eq(people.teamId, team.teamId), eq(people.userId, userId)))
  )[0]!;

describe('the digest brings news only', () => {
  it('leaves out an ask a match notice already told the person about, and keeps one they never heard of', async () => {
    const team = h.team();
    const [asker, told, later] = [team.user(), team.user(), team.user()];
    await team.skills(told, 'add blogging');
    const blog = await team.ask(asker, 'we want to start a blog, who can help?');
    await team.skills(later, 'add blogging');
    const [match] = await h.database.db.select().from(askMatches).where(eq(askMatches.askId, blog.askId));
    expect(match).toMatchObject({ userId: told, notifiedAt: expect.any(Date) });
    await h.digest();
    expect(digestsTo(told)).toHaveLength(0);
    expect(digestsTo(later)[0]).toContain('we want to start a blog');
  });

  it("shows the asker's own asks only when a volunteer, reply or claim came since their last digest", async () => {
    const team = h.team();
    const [asker, helper, other] = [team.user(), team.user(), team.user()];
    const quiet = await team.ask(asker, 'who can lend us a projector?');
    const busy = await team.ask(asker, 'who can proofread our annual report?');
    await team.react(helper, busy);
    await h.digest();
    const [first] = digestsTo(asker);
    expect(first).toContain('proofread our annual report');
    expect(first).toContain('1 volunteer, 0 replies');
    expect(first).not.toContain('lend us a projector');
    // A week on, nothing new: no digest for the asker at all.
    await h.digest(new Date(Date.now() + 7 * DAY));
    expect(digestsTo(asker)).toHaveLength(1);
    // Then someone volunteers for the quiet one: the week after, that ask is news.
    await team.react(other, quiet);
    await h.digest(new Date(Date.now() + 14 * DAY));
    const third = digestsTo(asker)[1]!;
    expect(third).toContain('lend us a projector');
    expect(third).not.toContain('proofread our annual report');
  });
});

describe('Pause 4 weeks', () => {
  it('pauses the digest for four weeks, the Home tab says so, and Resume brings it back', async () => {
    const team = h.team();
    const [asker, a, b, c] = [team.user(), team.user(), team.user(), team.user()];
    const ask = await team.ask(asker, 'who can help paint the office mural?');
    await team.react(a, ask);
    await h.digest();
    const [digest] = digestsTo(asker);
    expect(digest).toContain('"action_id":"digest_pause"');
    expect(digest).toContain('Pause 4 weeks');
    const { responses } = await team.press(asker, 'digest_pause', { askId: 'pause', channel: `D${asker}` });
    expect(responses[0]!.text).toMatch(/paused until <!date\^\d+\^\{date_short_pretty\}\|\d{4}-\d\d-\d\d>/);
    const until = (await person(team, asker)).digestPausedUntil!;
    expect(Math.round((until.getTime() - Date.now()) / DAY)).toBe(28);

    await team.react(b, ask);
    await h.digest(new Date(Date.now() + 7 * DAY));
    expect(digestsTo(asker)).toHaveLength(1);
    await team.openHome(asker);
    expect(h.lastHome(asker)).toContain('Your weekly digest is paused until <!date^');
    expect(h.lastHome(asker)).toContain('"action_id":"digest_resume"');

    await team.pressHome(asker, 'digest_resume', 'digest_resume');
    expect((await person(team, asker)).digestPausedUntil).toBeNull();
    expect(h.lastHome(asker)).not.toContain('paused until');
    await team.react(c, ask);
    await h.digest(new Date(Date.now() + 14 * DAY));
    expect(digestsTo(asker)).toHaveLength(2);
  });
});

describe('dates and accessible buttons', () => {
  it("shows a deadline as a Slack date and names the ask in every I can help button's label", async () => {
    const team = h.team();
    const [asker, reader] = [team.user(), team.user()];
    await h.slack.viewSubmission(team, asker, {
      callback_id: 'ask_modal',
      private_metadata: JSON.stringify({ channel: team.channel }),
      values: {
        need: { need: { type: 'plain_text_input', value: `Help us plan the ${'very '.repeat(20)}big workshop` } },
        details: { details: { type: 'plain_text_input', value: null } },
        deadline: { deadline: { type: 'datepicker', selected_date: '2099-12-04' } },
      },
    });
    await h.idle();
    const post = h.emulator.callsTo('chat.postMessage', (a) => a.channel === team.channel).at(-1)!;
    const blocks = JSON.stringify(post.args.blocks);
    const noon = Date.UTC(2099, 11, 4, 12) / 1000;
    expect(blocks).toContain(`Needed by *<!date^${noon}^{date_short_pretty}|2099-12-04>*`);
    const button = post.args.blocks.flatMap((b: any) => b.elements ?? []).find((e: any) => e.value && e.text);
    expect(button.accessibility_label).toMatch(/^I can help with: Help us plan the very .*…$/);
    expect(button.accessibility_label.length).toBeLessThanOrEqual(75);
    await team.skills(reader, 'add workshop facilitation');
    await team.openHome(reader);
    expect(h.lastHome(reader)).toContain('"accessibility_label":"I can help with: Help us plan the very');
  });
});

describe('every dead end offers the next step', () => {
  it('an empty /skills who offers Ask everyone, which opens the ask form drafted with the question', async () => {
    const team = h.team();
    const user = team.user();
    const { responses } = await team.skills(user, 'who kubernetes');
    const reply = JSON.stringify(responses[0]);
    expect(reply).toContain('Nobody has declared anything like “kubernetes” yet');
    expect(reply).toContain('"action_id":"skills_ask_everyone"');
    const before = h.emulator.callsTo('views.open').length;
    await h.slack.buttonPress(
      team,
      user,
      { action_id: 'skills_ask_everyone', value: 'Who knows kubernetes?' },
      { channel: team.channel, response_url: h.emulator.responseUrl() },
    );
    await h.idle();
    const [opened] = h.emulator.callsTo('views.open').slice(before);
    expect(opened!.args.view.callback_id).toBe('ask_modal');
    expect(JSON.stringify(opened!.args.view.blocks)).toContain('"initial_value":"Who knows kubernetes?"');
  });
});

describe('forms say what they do', () => {
  it('the ask form says where the ask goes and how many people are told, with plain labels', async () => {
    const team = h.team();
    const before = h.emulator.callsTo('views.open').length;
    await team.ask(team.user(), '');
    const view = JSON.stringify(h.emulator.callsTo('views.open')[before]!.args.view);
    expect(view).toContain(`Posts to <#${team.channel}> and tells up to 5 people whose skills match`);
    expect(view).toContain('Start typing a skill');
    expect(view).not.toContain('catalogue');
  });

  it('saving the skills form DMs what was saved, showing a typed name that became a catalogue skill', async () => {
    const team = h.team();
    const ann = team.user();
    await h.slack.viewSubmission(team, ann, {
      callback_id: 'skills_modal',
      private_metadata: '',
      values: {
        skills: { skills_pick: { type: 'multi_external_select', selected_options: [] } },
        skills_free: { skills_free: { type: 'plain_text_input', value: 'event planning, origami' } },
        interests: { interests_pick: { type: 'multi_external_select', selected_options: [] } },
        interests_free: { interests_free: { type: 'plain_text_input', value: 'welsh' } },
      },
    });
    await h.idle();
    const dms = h.emulator.callsTo('chat.postMessage', (a) => a.channel === ann);
    expect(dms).toHaveLength(1);
    const dm = JSON.stringify(dms[0]!.args.blocks);
    expect(dm).toContain('*Your skills:* *Event organising*, *origami*');
    expect(dm).toContain('*Interests:* *Welsh*');
    // Only a real change of name is pointed out, not a capital letter.
    expect(dm).not.toContain('welsh →');
    expect(dm).toContain('event planning → *Event organising*');
  });
});
