import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { people } from '../src/db/schema/index.js';
import { type Harness, startHarness, type TestTeam } from './support/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const personOf = async (team: TestTeam, userId: string) =>
  (
    await h.database.db
      .select()
      .from(people)
      .where(and(eq(people.teamId, team.teamId), eq(people.userId, userId)))
  )[0];
const digestsTo = (user: string) =>
  h.emulator.callsTo('chat.postMessage', (a) => a.channel === user && a.metadata?.event_type === 'who_can_help_digest');
const asksBy = (asker: string) => h.emulator.callsTo('chat.postMessage', (a) => a.text?.includes(`<@${asker}> asks:`));

/** An admin submits the settings form, ticking "Guests may use /ask" or not. */
async function allowGuests(team: TestTeam, admin: string, allowed: boolean) {
  const option = { text: { type: 'plain_text', text: 'Guests may use /ask' }, value: 'yes' };
  await h.slack.viewSubmission(team, admin, {
    callback_id: 'settings_modal',
    private_metadata: '',
    values: {
      ask_channel: { ask_channel: { type: 'conversations_select', selected_conversation: null } },
      volunteer_reaction: { volunteer_reaction: { type: 'plain_text_input', value: 'raising_hand' } },
      guests_may_ask: { guests_may_ask: { type: 'checkboxes', selected_options: allowed ? [option] : [] } },
    },
  });
  await h.idle();
}

describe('guests', () => {
  it('are recorded as guests from users.info and from user_change', async () => {
    const team = h.team();
    const [guest, member] = [team.user({ is_restricted: true }), team.user()];
    await team.skills(guest, 'add python');
    await team.skills(member, 'add python');
    expect((await personOf(team, guest))?.isGuest).toBe(true);
    expect((await personOf(team, member))?.isGuest).toBe(false);
    // The member becomes a single-channel guest.
    await h.slack.event(team, {
      type: 'user_change',
      user: { id: member, team_id: team.teamId, name: 'm', is_restricted: true, is_ultra_restricted: true },
    });
    await h.idle();
    expect((await personOf(team, member))?.isGuest).toBe(true);
  });

  it("never see members' asks or skills: no match notice, /skills who result, Home listing or digest", async () => {
    const team = h.team();
    const [asker, member, guest] = [team.user(), team.user(), team.user({ is_restricted: true })];
    await team.skills(member, 'add python');
    await team.skills(guest, 'add python');
    await team.openHome(member);
    await team.openHome(guest);
    const ask = await team.ask(asker, 'who can help with a python script?');

    const notices = JSON.stringify(h.emulator.callsTo('chat.postMessage', (a) => a.thread_ts === ask.ts));
    expect(notices).toContain(`<@${member}>`);
    expect(notices).not.toContain(`<@${guest}>`);
    const who = await team.skills(asker, 'who python');
    expect(who.text).toContain(`<@${member}>`);
    expect(who.text).not.toContain(`<@${guest}>`);
    await team.openHome(member);
    await team.openHome(guest);
    expect(h.lastHome(member)).toContain('python script');
    expect(h.lastHome(guest)).not.toContain('python script');
    // A member who declares python only now was told nothing yet: the digest brings them the ask.
    const reader = team.user();
    await team.skills(reader, 'add python');
    await h.digest();
    expect(digestsTo(reader)).toHaveLength(1);
    expect(digestsTo(guest)).toHaveLength(0);
  });

  it('are refused /ask and /skills who kindly, and may ask once an admin allows it', async () => {
    const team = h.team();
    const [admin, guest] = [team.user({ is_admin: true }), team.user({ is_restricted: true })];
    const refused = await team.ask(guest, 'who can help me with a budget?');
    expect(refused.responses.map((r) => r.body.text).join('\n')).toContain("guests can't use `/ask`");
    expect(asksBy(guest)).toHaveLength(0);
    expect((await team.skills(guest, 'who budgeting')).text).toContain("guests can't search");

    await allowGuests(team, admin, true);
    await team.openHome(admin);
    expect(h.lastHome(admin)).toContain('*Guests may ask:* yes');
    const allowed = await team.ask(guest, 'who can help me with a budget?');
    expect(allowed.ts).toBeTruthy();
    expect(asksBy(guest)).toHaveLength(1);
    // /skills who stays for members only.
    expect((await team.skills(guest, 'who budgeting')).text).toContain("guests can't search");

    await allowGuests(team, admin, false);
    await team.ask(guest, 'and with a second budget?');
    expect(asksBy(guest)).toHaveLength(1);
  });
});
