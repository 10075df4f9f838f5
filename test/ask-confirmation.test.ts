import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asks } from '../src/db/schema/index.js';
import { type Harness, startHarness, type TestTeam } from './support/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const SOCIAL = 'Need a hand turning our Python script into a weekly SQL report for the social team';

/** Every message to or naming the person: a match notice in the ask's thread or by DM. */
const noticesTo = (user: string) =>
  h.emulator.callsTo('chat.postMessage', (a) => a.channel === user || JSON.stringify(a).includes(`<@${user}>`));

async function askOf(team: TestTeam) {
  const [row] = await h.database.db.select().from(asks).where(eq(asks.teamId, team.teamId));
  return row!;
}

/** The asker, someone who knows Python, and someone who runs team building. */
async function socialAsk() {
  const team = h.team();
  const [asker, coder, organiser] = [team.user(), team.user(), team.user()];
  await team.skills(coder, 'add Python');
  await team.skills(organiser, 'add Team building');
  const posted = await team.ask(asker, SOCIAL);
  const ask = await askOf(team);
  const where = { channel: posted.channel ?? team.channel, ts: posted.ts };
  const confirmation = JSON.stringify(posted.responses.at(-1)?.body);
  return { team, asker, coder, organiser, ask, where, confirmation };
}

const held = (askId: string) => ({ askId: `${askId}:Team building` });

describe("the asker's confirmation", () => {
  it('shows the skills found, names who was told, and holds a skill found only by an everyday word', async () => {
    const { ask, coder, organiser, confirmation } = await socialAsk();
    expect(ask.skills).toEqual(['Python', 'SQL']);
    // "report" and "social team" are everyday words here: Report writing and Team building wait for an OK.
    expect(ask.heldSkills).toEqual(['Report writing', 'Team building']);
    expect(confirmation).toContain('*Skills:* Python, SQL');
    expect(confirmation).toContain(`Told 1 person whose skills match: <@${coder}>.`);
    expect(confirmation).toContain('might be about *Team building*');
    expect(confirmation).toContain('ask_held_skill_add');
    expect(confirmation).toContain('ask_edit_skills');
    // Held: neither on the broadcast nor used to tell anyone.
    const broadcast = h.emulator.callsTo('chat.postMessage', (a) => a.metadata?.event_payload?.ask === ask.id);
    expect(JSON.stringify(broadcast)).not.toContain('Team building');
    expect(noticesTo(organiser)).toHaveLength(0);
  });

  it('Add it puts the held skill on the ask and tells its people once, however often it is pressed', async () => {
    const { team, asker, organiser, ask, where } = await socialAsk();
    const pressed = await team.press(asker, 'ask_held_skill_add', { ...held(ask.id), ...where });
    expect(JSON.stringify(pressed.responses)).toContain('Added *Team building* to your ask. I told 1 more person');
    expect((await askOf(team)).skills).toEqual(['Python', 'SQL', 'Team building']);
    expect((await askOf(team)).heldSkills).toEqual(['Report writing']);
    expect(noticesTo(organiser)).toHaveLength(1);
    const updated = h.emulator.callsTo('chat.update', (a) => a.ts === ask.messageTs);
    expect(JSON.stringify(updated.at(-1)?.args)).toContain('Team building');
    const again = await team.press(asker, 'ask_held_skill_add', { ...held(ask.id), ...where });
    expect(JSON.stringify(again.responses)).toContain('You already answered about *Team building*');
    expect(noticesTo(organiser)).toHaveLength(1);
  });

  it('No drops the held skill and tells nobody; only the asker may answer', async () => {
    const { team, asker, organiser, ask, where } = await socialAsk();
    const other = await team.press(organiser, 'ask_held_skill_drop', { ...held(ask.id), ...where });
    expect(JSON.stringify(other.responses)).toContain('Only the person who asked');
    expect((await askOf(team)).heldSkills).toEqual(['Report writing', 'Team building']);
    await team.press(asker, 'ask_held_skill_drop', { ...held(ask.id), ...where });
    expect(await askOf(team)).toMatchObject({ skills: ['Python', 'SQL'], heldSkills: ['Report writing'] });
    expect(noticesTo(organiser)).toHaveLength(0);
  });

  it('Edit skills opens the skills filled in; saving them updates the ask and tells only new matches', async () => {
    const { team, asker, coder, ask, where } = await socialAsk();
    const analyst = team.user();
    await team.skills(analyst, 'add Data analysis');
    const before = h.emulator.callsTo('views.open').length;
    await team.press(asker, 'ask_edit_skills', { askId: ask.id, ...where });
    const view = h.emulator.callsTo('views.open')[before]!.args.view;
    expect(JSON.stringify(view)).toContain('"initial_options"');
    expect(JSON.stringify(view)).toContain('Python');
    const metadata = JSON.parse(view.private_metadata);
    const pick = (slugs: string[]) => ({
      skills: {
        ask_skills_pick: {
          type: 'multi_external_select',
          selected_options: slugs.map((value) => ({ value, text: { type: 'plain_text', text: value } })),
        },
      },
    });
    const save = () =>
      h.slack.viewSubmission(team, asker, {
        callback_id: 'ask_skills_modal',
        private_metadata: JSON.stringify(metadata),
        values: pick(['python', 'data-analysis']),
      });
    await save();
    await h.idle();
    expect((await askOf(team)).skills).toEqual(['Data analysis', 'Python']);
    expect(noticesTo(analyst)).toHaveLength(1);
    expect(noticesTo(coder)).toHaveLength(1);
    const answer = h.emulator.responses.filter((r) => r.url === metadata.responseUrl).at(-1);
    expect(answer?.body.text).toContain("Saved. Your ask's skills: *Data analysis*, *Python*. I told 1 more person");
    // Saved again (a retry, or a second save): nobody hears of it twice.
    await save();
    await h.idle();
    expect(noticesTo(analyst)).toHaveLength(1);
  });

  it('No changes nothing anyone sees: the ask is not marked edited', async () => {
    const { team, asker, ask, where } = await socialAsk();
    await team.press(asker, 'ask_held_skill_drop', { ...held(ask.id), ...where });
    expect(await askOf(team)).toMatchObject({ heldSkills: ['Report writing'], editedAt: null });
  });

  it('a closed ask keeps its skills: Add it, Edit skills and a form sent late are refused, saying why', async () => {
    const { team, asker, organiser, ask, where } = await socialAsk();
    await team.press(asker, 'ask_edit_skills', { askId: ask.id, ...where });
    const view = h.emulator.callsTo('views.open').at(-1)!.args.view;
    await h.database.db.update(asks).set({ status: 'expired' }).where(eq(asks.id, ask.id));
    const added = await team.press(asker, 'ask_held_skill_add', { ...held(ask.id), ...where });
    expect(JSON.stringify(added.responses)).toContain('This ask is closed now');
    const opened = h.emulator.callsTo('views.open').length;
    const edit = await team.press(asker, 'ask_edit_skills', { askId: ask.id, ...where });
    expect(JSON.stringify(edit.responses)).toContain('This ask is closed now');
    expect(h.emulator.callsTo('views.open')).toHaveLength(opened);
    const values = { skills: { ask_skills_pick: { type: 'multi_external_select', selected_options: [] } } };
    const late = { callback_id: 'ask_skills_modal', private_metadata: view.private_metadata, values };
    const refused = await h.slack.viewSubmission(team, asker, late);
    expect(refused.body).toMatchObject({ response_action: 'errors', errors: { skills: expect.any(String) } });
    const other = await h.slack.viewSubmission(team, organiser, late);
    expect(other.body).toMatchObject({ errors: { skills: expect.stringContaining('Only the person who asked') } });
    expect(await askOf(team)).toMatchObject({ skills: ['Python', 'SQL'], editedAt: null, status: 'expired' });
    expect(noticesTo(organiser)).toHaveLength(0);
  });

  it('is refused to anyone but the asker: Edit skills opens nothing for them', async () => {
    const { team, coder, ask, where } = await socialAsk();
    const before = h.emulator.callsTo('views.open').length;
    const pressed = await team.press(coder, 'ask_edit_skills', { askId: ask.id, ...where });
    expect(h.emulator.callsTo('views.open')).toHaveLength(before);
    expect(JSON.stringify(pressed.responses)).toContain('Only the person who asked');
  });

  it('comes after the ask form too, with the same skills and buttons', async () => {
    const team = h.team();
    const [asker, coder] = [team.user(), team.user()];
    await team.skills(coder, 'add Python');
    await h.slack.viewSubmission(team, asker, {
      callback_id: 'ask_modal',
      private_metadata: JSON.stringify({ channel: team.channel }),
      values: { need: { need: { type: 'plain_text_input', value: SOCIAL } } },
    });
    await h.idle();
    const shown = h.emulator.callsTo('chat.postEphemeral', (a) => a.user === asker).at(-1);
    expect(JSON.stringify(shown?.args.blocks)).toContain(`Told 1 person whose skills match: <@${coder}>.`);
    expect(JSON.stringify(shown?.args.blocks)).toContain('might be about *Team building*');
    expect((await askOf(team)).heldSkills).toEqual(['Report writing', 'Team building']);
  });
});
