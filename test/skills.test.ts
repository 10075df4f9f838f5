import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { askMatches, people, personSkills, replies, volunteers } from '../src/db/schema/index.js';
import { type Harness, startHarness, type TestTeam } from './support/harness.js';
import { liveMentions } from './support/mentions.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const skillsOf = (team: TestTeam, user: string) =>
  h.database.db
    .select({ name: personSkills.name, kind: personSkills.kind })
    .from(personSkills)
    .where(and(eq(personSkills.teamId, team.teamId), eq(personSkills.userId, user)))
    .orderBy(personSkills.kind, personSkills.norm);

describe('declaring skills and interests', () => {
  it('adds, lists and removes skills and interests', async () => {
    const team = h.team();
    const ann = team.user();
    const added = await team.skills(ann, 'add Python, origami');
    expect(added.text).toContain('Added skills: *Python*, *origami*');
    await team.skills(ann, 'interest photography');
    const listed = await team.skills(ann, 'list');
    expect(listed.text).toContain('*Your skills:* *origami*, *Python*');
    expect(listed.text).toContain('*Interests:* *Photography*');
    const removed = await team.skills(ann, 'remove python3');
    expect(removed.text).toContain('Removed *Python*');
    expect(await skillsOf(team, ann)).toEqual([
      { name: 'origami', kind: 'skill' },
      { name: 'Photography', kind: 'interest' },
    ]);
  });

  it('merges duplicates, case variants and aliases into one catalogue skill', async () => {
    const team = h.team();
    const ann = team.user();
    await team.skills(ann, 'add Python, python , PYTHON, python3');
    expect(await skillsOf(team, ann)).toEqual([{ name: 'Python', kind: 'skill' }]);
    const again = await team.skills(ann, 'add py');
    expect(again.text).toContain('Nothing new to add. 1 you already had.');
  });

  it('lists someone else by mention, and says plainly when that person is unknown', async () => {
    const team = h.team();
    const [ann, bob] = [team.user(), team.user()];
    await team.skills(bob, 'add blogging');
    expect((await team.skills(ann, `list <@${bob}|bob>`)).text).toContain(`<@${bob}>'s skills:* *Blogging*`);
    expect((await team.skills(ann, 'list <@UNOBODY99|nobody>')).text).toContain("can't find that person");
    expect((await team.skills(ann, 'list bob')).text).toContain('Mention the person with @');
  });

  it('keeps mentions and mass-mention syntax in a skill name as harmless text', async () => {
    const team = h.team();
    const ann = team.user();
    // /skills has should_escape on, so Slack sends mentions as <…> and a typed < > & as entities.
    const added = await team.skills(
      ann,
      'add <!channel> wrangling, <!subteam^S1|@devs> herding, <@U0BOSS|boss> pleasing, a &lt;b&gt; &amp; c',
    );
    const listed = await team.skills(ann, 'list');
    for (const out of [added, listed]) {
      expect(liveMentions(JSON.stringify(out.responses))).toEqual([]);
      expect(JSON.stringify(out.responses)).not.toContain('<@U0BOSS');
    }
    expect(listed.text).toContain('*a &lt;b&gt; &amp; c*');
    expect((await skillsOf(team, ann)).map((s) => s.name)).toContain('a <b> & c');
  });

  it.each([
    ['an empty add', 'add  , ,', 'Tell me which'],
    ['a skill of 500 characters', `add ${'x'.repeat(500)}`, 'a skill can be at most 80'],
    ['an unknown form', 'frobnicate the widgets', "I didn't understand"],
    ['an empty who', 'who', 'Tell me what to look for'],
  ])('answers %s helpfully and changes nothing', async (_name, text, says) => {
    const team = h.team();
    const ann = team.user();
    const out = await team.skills(ann, text);
    expect(out.responses[0]).toMatchObject({ response_type: 'ephemeral' });
    expect(out.text).toContain(says);
    expect(await skillsOf(team, ann)).toEqual([]);
  });

  it('caps 200 skills in one command at 50 and says so', async () => {
    const team = h.team();
    const ann = team.user();
    const many = Array.from({ length: 200 }, (_, i) => `made up skill ${i}`).join(', ');
    const out = await team.skills(ann, `add ${many}`);
    expect(out.text).toContain('up to 50 at once, so I left out the last 150');
    expect(await skillsOf(team, ann)).toHaveLength(50);
  });

  it('/skills help explains every form', async () => {
    const team = h.team();
    const out = await team.skills(team.user(), 'help');
    for (const form of ['add', 'interest', 'remove', 'list', 'who', 'digest off', 'forget me'])
      expect(out.text).toContain(form);
  });
});

describe('/skills forget me', () => {
  it(
    'asks first, then erases that person’s skills, volunteering and replies and nothing of anyone else’s; ' +
      'twice is harmless',
    async () => {
      const team = h.team();
      const [me, other, asker] = [team.user(), team.user(), team.user()];
      for (const u of [me, other]) await team.skills(u, 'add blogging, interest-free skill');
      const ask = await team.ask(asker, 'we want to start a blog');
      for (const [i, u] of [me, other].entries()) {
        await team.react(u, ask);
        await team.message({ user: u, text: 'happy to help', ts: `180000095${i}.000100`, thread_ts: ask.ts });
      }
      const confirm = await team.skills(me, 'forget me');
      expect(JSON.stringify(confirm.responses)).toContain('skills_forget_me');
      expect(await skillsOf(team, me)).not.toHaveLength(0);

      const first = await team.press(me, 'skills_forget_me', { askId: 'forget', channel: team.channel });
      expect(first.responses[0]!.text).toContain(
        'I erased 2 skills and interests, 1 volunteering records and 1 stored replies',
      );
      const second = await team.press(me, 'skills_forget_me', { askId: 'forget', channel: team.channel });
      expect(second.responses[0]!.text).toContain('nothing left to erase');

      const db = h.database.db;
      const countFor = async (u: string) => ({
        skills: (
          await db
            .select()
            .from(personSkills)
            .where(and(eq(personSkills.teamId, team.teamId), eq(personSkills.userId, u)))
        ).length,
        volunteers: (
          await db
            .select()
            .from(volunteers)
            .where(and(eq(volunteers.teamId, team.teamId), eq(volunteers.userId, u)))
        ).length,
        replies: (
          await db
            .select()
            .from(replies)
            .where(and(eq(replies.teamId, team.teamId), eq(replies.userId, u)))
        ).length,
        matches: (
          await db
            .select()
            .from(askMatches)
            .where(and(eq(askMatches.teamId, team.teamId), eq(askMatches.userId, u)))
        ).length,
        people: (
          await db
            .select()
            .from(people)
            .where(and(eq(people.teamId, team.teamId), eq(people.userId, u)))
        ).length,
      });
      expect(await countFor(me)).toEqual({ skills: 0, volunteers: 0, replies: 0, matches: 0, people: 0 });
      expect(await countFor(other)).toEqual({ skills: 2, volunteers: 1, replies: 1, matches: 1, people: 1 });
    },
  );
});

describe('the skills form', () => {
  it('opens pre-filled, and saving replaces skills and interests', async () => {
    const team = h.team();
    const ann = team.user();
    await team.skills(ann, 'add blogging, origami');
    await team.skills(ann, 'interest welsh');
    const before = h.emulator.callsTo('views.open').length;
    await team.skills(ann, '');
    const opened = h.emulator.callsTo('views.open')[before]!;
    expect(JSON.stringify(opened.args.view)).toContain('Loading');
    const update = h.emulator.callsTo('views.update').at(-1)!;
    expect(update.args.view_id).toBe(opened.result!.view.id);
    const view = update.args.view;
    const blocks = JSON.stringify(view.blocks);
    expect(view.callback_id).toBe('skills_modal');
    expect(blocks).toContain('"initial_options":[{"text":{"type":"plain_text","text":"Blogging"},"value":"blogging"}]');
    expect(blocks).toContain('"initial_value":"origami"');

    const reply = await h.slack.viewSubmission(team, ann, {
      callback_id: 'skills_modal',
      private_metadata: '',
      values: {
        skills: {
          skills_pick: {
            type: 'multi_external_select',
            selected_options: [{ text: { type: 'plain_text', text: 'Python' }, value: 'python' }],
          },
        },
        skills_free: { skills_free: { type: 'plain_text_input', value: 'origami, kite flying' } },
        interests: { interests_pick: { type: 'multi_external_select', selected_options: [] } },
        interests_free: { interests_free: { type: 'plain_text_input', value: null } },
      },
    });
    await h.idle();
    expect(reply.status).toBe(200);
    expect(await skillsOf(team, ann)).toEqual([
      { name: 'kite flying', kind: 'skill' },
      { name: 'origami', kind: 'skill' },
      { name: 'Python', kind: 'skill' },
    ]);
  });

  it('the catalogue pickers search names and aliases as you type', async () => {
    const team = h.team();
    const reply = await h.slack.interaction({
      type: 'block_suggestion',
      team: { id: team.teamId, domain: 'example' },
      user: { id: team.user(), team_id: team.teamId },
      api_app_id: 'A_WHO_CAN_HELP',
      token: 'legacy-verification-token',
      action_id: 'skills_pick',
      block_id: 'skills',
      value: 'viz',
      view: { id: 'V1', type: 'modal', callback_id: 'skills_modal' },
    });
    expect(reply.status).toBe(200);
    expect(reply.body.options.map((o: { value: string }) => o.value)).toContain('data-visualisation');
  });
});

describe('/skills digest', () => {
  it('off and on change the opt-out', async () => {
    const team = h.team();
    const ann = team.user();
    const optOut = async () =>
      (
        await h.database.db
          .select({ o: people.digestOptOut })
          .from(people)
          .where(and(eq(people.teamId, team.teamId), eq(people.userId, ann)))
      )[0]?.o;
    expect((await team.skills(ann, 'digest off')).text).toContain("won't get the weekly digest");
    expect(await optOut()).toBe(true);
    await team.skills(ann, 'digest on');
    expect(await optOut()).toBe(false);
  });
});
