import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asks, credits, personSkills, skillOffers } from '../src/db/schema/index.js';
import { serverUrl } from './support/database.js';
import { type Harness, startHarness } from './support/harness.js';
import { creditForm, creditValues, pressValue, resolveWithForm, startReplica } from './support/helping.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const dmsTo = (user: string, text?: string) => h.dmsTo(user, text);
const thanks = (ts: string) =>
  h.emulator.callsTo('chat.postMessage', (a) => a.thread_ts === ts && a.text?.includes('marked resolved'));
const statusOf = async (askId: string) =>
  (await h.database.db.select().from(asks).where(eq(asks.id, askId)))[0]?.status;
const creditsOf = (askId: string) => h.database.db.select().from(credits).where(eq(credits.askId, askId));
const skillsOf = (user: string) =>
  h.database.db
    .select()
    .from(personSkills)
    .where(and(eq(personSkills.userId, user), eq(personSkills.kind, 'skill')));

async function setup(text = 'we want to start a blog, who can help?') {
  const team = h.team();
  const asker = team.user();
  const ask = await team.ask(asker, text);
  const [onIt, volunteer] = [team.user(), team.user()];
  await team.react(onIt, ask);
  await team.react(volunteer, ask);
  await pressValue(h, team, asker, 'ask_go_with', `${ask.askId}:${onIt}`);
  return { team, asker, ask, onIt, volunteer };
}

describe('Mark resolved with credits', () => {
  it('by the asker opens a form prefilled with the person on it and the volunteers, changing nothing', async () => {
    const { team, asker, ask, onIt, volunteer } = await setup();
    await team.press(asker, 'ask_resolve', ask);
    const form = creditForm(h, ask.askId)!;
    expect(form.initial).toEqual([onIt, volunteer]);
    expect(form.view.blocks.find((b: any) => b.block_id === 'helpers').element.type).toBe('multi_users_select');
    expect(await statusOf(ask.askId)).toBe('open');
    expect(thanks(ask.ts)).toHaveLength(0);
  });

  it('sending it resolves the ask, credits who was picked, DMs each the note and thanks them by name', async () => {
    const { team, asker, ask, onIt, volunteer } = await setup();
    const replier = team.user();
    await team.message({ user: replier, text: 'try WordPress', ts: '1800003000.000100', thread_ts: ask.ts });
    const note = 'Thank you so much <!channel> & all!';
    const { told } = await resolveWithForm(h, team, asker, ask, { helpers: [onIt, replier], note });
    expect(await statusOf(ask.askId)).toBe('resolved');
    expect(told).toEqual([expect.stringContaining("I've credited 2 people")]);

    const rows = await creditsOf(ask.askId);
    expect(rows.map((r) => r.userId).sort()).toEqual([onIt, replier].sort());
    for (const row of rows) {
      expect(row).toMatchObject({ teamId: team.teamId, creditedBy: asker, skills: ['blogging'] });
      expect(row.lexemes).toEqual(expect.arrayContaining(['blog', 'start']));
    }
    for (const person of [onIt, replier]) {
      const [dm] = dmsTo(person, 'credited you with helping');
      const shown = JSON.stringify(dm!.args.blocks);
      expect(shown).toContain('Thank you so much &lt;!channel&gt; &amp; all!');
      expect(shown).not.toContain('<!channel>');
    }
    expect(dmsTo(volunteer, 'credited you')).toHaveLength(0);
    const [thread] = thanks(ask.ts);
    expect(thread!.args.text).toContain(`Thank you <@${onIt}>, <@${replier}> for helping`);
    expect(thread!.args.text).toContain(`thanks to <@${volunteer}> for offering`);
    expect(thread!.args.text).not.toContain('<!channel>');
    const update = h.emulator.callsTo('chat.update', (a) => a.ts === ask.ts).at(-1)!;
    expect(JSON.stringify(update.args.blocks)).toContain('Resolved');
  });

  it('the same form sent twice credits and thanks once; a second resolve says it is resolved already', async () => {
    const { team, asker, ask, onIt } = await setup();
    const { opened } = await resolveWithForm(h, team, asker, ask, { helpers: [onIt], note: 'cheers' });
    const again = await h.slack.viewSubmission(team, asker, {
      callback_id: 'ask_credit_modal',
      private_metadata: opened.view.private_metadata,
      values: creditValues([onIt], 'cheers'),
    });
    await h.idle();
    expect(again.status).toBe(200);
    expect(await creditsOf(ask.askId)).toHaveLength(1);
    expect(dmsTo(onIt, 'credited you')).toHaveLength(1);
    expect(thanks(ask.ts)).toHaveLength(1);
    const told = h.emulator.responses.filter((r) => r.url === opened.responseUrl).map((r) => r.body.text);
    expect(told.at(-1)).toContain('already resolved');
  });

  it('an empty form resolves crediting nobody, and the thread says so', async () => {
    const { team, asker, ask, onIt, volunteer } = await setup();
    const { told } = await resolveWithForm(h, team, asker, ask, { helpers: [] });
    expect(await statusOf(ask.askId)).toBe('resolved');
    expect(told).toEqual([expect.stringContaining('credited nobody')]);
    expect(await creditsOf(ask.askId)).toHaveLength(0);
    const [thread] = thanks(ask.ts);
    expect(thread!.args.text).toContain('Nobody was credited');
    expect(thread!.args.text).toContain(`<@${onIt}>, <@${volunteer}> for offering`);
  });

  it("an admin's resolve credits nobody and says so, in the thread and to the admin", async () => {
    const { team, ask } = await setup();
    const admin = team.user({ is_admin: true });
    const { responses } = await team.press(admin, 'ask_resolve', ask);
    expect(await statusOf(ask.askId)).toBe('resolved');
    expect(responses.map((r) => r.text)).toEqual([expect.stringContaining('nobody was credited')]);
    expect(await creditsOf(ask.askId)).toHaveLength(0);
    expect(thanks(ask.ts)[0]!.args.text).toContain(`by <@${admin}>. Nobody was credited: only the asker`);
  });

  it('crediting yourself is refused beside the field and changes nothing; bots picked are left out', async () => {
    const { team, asker, ask, onIt } = await setup();
    await team.press(asker, 'ask_resolve', ask);
    const form = creditForm(h, ask.askId)!;
    const refused = await h.slack.viewSubmission(team, asker, {
      callback_id: 'ask_credit_modal',
      private_metadata: form.view.private_metadata,
      values: creditValues([asker, onIt]),
    });
    await h.idle();
    expect(refused.body).toMatchObject({ response_action: 'errors', errors: { helpers: expect.any(String) } });
    expect(await statusOf(ask.askId)).toBe('open');

    const bot = team.user({ is_bot: true });
    const { told } = await resolveWithForm(h, team, asker, ask, { helpers: [onIt, bot] });
    expect((await creditsOf(ask.askId)).map((c) => c.userId)).toEqual([onIt]);
    expect(told).toEqual([expect.stringContaining('1 pick left out')]);
    expect(dmsTo(bot)).toHaveLength(0);
  });

  // PostgreSQL only, as two processes share the database; test/restart.test.ts sends the form to a
  // restarted bot process on both databases.
  it.runIf(serverUrl)('a form opened before a restart is sent to the process after it', async () => {
    const { team, asker, ask, onIt } = await setup();
    const before = await startReplica(h);
    await before.slack.buttonPress(
      team,
      asker,
      { action_id: 'ask_resolve', value: ask.askId },
      { channel: ask.channel, ts: ask.ts, response_url: h.emulator.responseUrl() },
    );
    await before.bot.idle();
    await before.bot.stop();
    const form = creditForm(h, ask.askId)!;
    const after = await startReplica(h);
    await after.slack.viewSubmission(team, asker, {
      callback_id: 'ask_credit_modal',
      private_metadata: form.view.private_metadata,
      values: creditValues([onIt], 'thanks!'),
    });
    await after.bot.idle();
    await after.bot.stop();
    expect(await statusOf(ask.askId)).toBe('resolved');
    expect(dmsTo(onIt, 'credited you')).toHaveLength(1);
  });

  it.runIf(serverUrl)('the form sent to two replicas at once credits and thanks once', async () => {
    const { team, asker, ask, onIt } = await setup();
    await team.press(asker, 'ask_resolve', ask);
    const form = creditForm(h, ask.askId)!;
    const replica = await startReplica(h);
    try {
      const submit = (through: typeof h.slack) =>
        through.viewSubmission(team, asker, {
          callback_id: 'ask_credit_modal',
          private_metadata: form.view.private_metadata,
          values: creditValues([onIt], 'thanks!'),
        });
      await Promise.all([submit(h.slack), submit(replica.slack)]);
      await Promise.all([h.idle(), replica.bot.idle()]);
    } finally {
      await replica.bot.stop();
    }
    expect(await creditsOf(ask.askId)).toHaveLength(1);
    expect(dmsTo(onIt, 'credited you')).toHaveLength(1);
    expect(thanks(ask.ts)).toHaveLength(1);
  });
});

describe('skills learned by helping', () => {
  const offerButtons = (user: string) => JSON.stringify(dmsTo(user, 'credited you').at(-1)?.args.blocks);

  it("a credited helper is offered the ask's skill they haven't declared; Add puts it in their skills", async () => {
    const { team, asker, ask, onIt } = await setup();
    await resolveWithForm(h, team, asker, ask, { helpers: [onIt] });
    expect(offerButtons(onIt)).toContain('"action_id":"skill_offer_add"');
    expect(offerButtons(onIt)).toContain('Add Blogging to my skills');
    // Nothing is added until they say so.
    expect(await skillsOf(onIt)).toHaveLength(0);

    const { texts } = await pressValue(h, team, onIt, 'skill_offer_add', 'blogging');
    expect(texts).toEqual([expect.stringContaining('Added *Blogging* to your skills')]);
    expect((await skillsOf(onIt)).map((s) => s.name)).toEqual(['Blogging']);
    const twice = await pressValue(h, team, onIt, 'skill_offer_add', 'blogging');
    expect(twice.texts).toEqual([expect.stringContaining('already among your skills')]);
    expect(await skillsOf(onIt)).toHaveLength(1);
  });

  it('No thanks is remembered: the same skill is never offered again, and nothing is added', async () => {
    const team = h.team();
    const [asker, helper] = [team.user(), team.user()];
    const first = await team.ask(asker, 'we want to start a blog, who can help?');
    await resolveWithForm(h, team, asker, first, { helpers: [helper] });
    const { texts } = await pressValue(h, team, helper, 'skill_offer_decline', 'blogging');
    expect(texts).toEqual([expect.stringContaining("won't ask about it again")]);
    const second = await team.ask(asker, 'who can help me put a blog post up on WordPress?');
    await resolveWithForm(h, team, asker, second, { helpers: [helper] });
    expect(dmsTo(helper, 'credited you')).toHaveLength(2);
    // That ask wants WordPress too, which is offered; Blogging is not, a second time.
    expect(offerButtons(helper)).toContain('Add WordPress to my skills');
    expect(offerButtons(helper)).not.toContain('Blogging');
    expect(await skillsOf(helper)).toHaveLength(0);
    const offers = await h.database.db.select().from(skillOffers).where(eq(skillOffers.userId, helper));
    expect(offers.find((o) => o.slug === 'blogging')).toMatchObject({ answer: 'declined', teamId: team.teamId });
  });

  it('someone who already lists the skill is not offered it', async () => {
    const team = h.team();
    const [asker, helper] = [team.user(), team.user()];
    await team.skills(helper, 'add blogging');
    const ask = await team.ask(asker, 'we want to start a blog, who can help?');
    await resolveWithForm(h, team, asker, ask, { helpers: [helper] });
    expect(dmsTo(helper, 'credited you')).toHaveLength(1);
    expect(offerButtons(helper)).not.toContain('skill_offer_add');
  });

  it('an offer pressed by someone it was not made to changes nothing', async () => {
    const team = h.team();
    const stranger = team.user();
    const { texts } = await pressValue(h, team, stranger, 'skill_offer_add', 'blogging');
    expect(texts).toEqual([expect.stringContaining("can't find that offer")]);
    expect(await skillsOf(stranger)).toHaveLength(0);
  });
});

describe('forget me, for the helping loop', () => {
  const forget = (team: Awaited<ReturnType<typeof setup>>['team'], user: string) =>
    team.skills(user, 'forget me').then(() => team.press(user, 'skills_forget_me', { askId: 'forget', channel: '' }));

  it('/skills export shows the credits they were given and gave and the skills offered them', async () => {
    const { team, asker, ask, onIt } = await setup();
    await resolveWithForm(h, team, asker, ask, { helpers: [onIt] });
    const exported = async (user: string) => {
      await team.skills(user, 'export');
      const [asked] = h.emulator.callsTo('files.getUploadURLExternal', () => true).slice(-1);
      return JSON.parse(h.emulator.files.get(asked!.result!.file_id)!.content!);
    };
    const helper = await exported(onIt);
    expect(helper.creditedFor).toEqual([expect.objectContaining({ askId: ask.askId, creditedBy: asker })]);
    expect(helper.skillsOffered).toEqual([expect.objectContaining({ slug: 'blogging', answer: null })]);
    expect((await exported(asker)).creditsGiven).toEqual([expect.objectContaining({ askId: ask.askId, to: onIt })]);
  });

  it('erases their credits and offers and lets go of an ask they were on; credits they gave stay', async () => {
    const { team, asker, ask, onIt, volunteer } = await setup();
    const next = await team.ask(asker, 'who can help me frame a poster?');
    await team.react(onIt, next);
    await pressValue(h, team, asker, 'ask_go_with', `${next.askId}:${onIt}`);
    await resolveWithForm(h, team, asker, ask, { helpers: [onIt, volunteer] });

    await forget(team, onIt);
    expect((await creditsOf(ask.askId)).map((c) => c.userId)).toEqual([volunteer]);
    expect(await h.database.db.select().from(skillOffers).where(eq(skillOffers.userId, onIt))).toHaveLength(0);
    expect((await h.database.db.select().from(asks).where(eq(asks.id, next.askId)))[0]!.claimedBy).toBeNull();
    const shown = h.emulator.callsTo('chat.update', (a) => a.ts === next.ts).at(-1);
    expect(JSON.stringify(shown?.args.blocks)).not.toContain('is on it');

    await forget(team, asker);
    expect(await creditsOf(ask.askId)).toMatchObject([{ userId: volunteer, creditedBy: 'UFORMERCOLLEAGUE' }]);
  });
});
