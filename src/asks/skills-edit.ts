import { inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../db/client.js';
import { catalogueSkills } from '../db/schema/index.js';
import type { Deps } from '../deps.js';
import type { CatalogueSkill } from '../skills/catalogue.js';
import type { ButtonArgs, ViewArgs } from '../slack/args.js';
import { EPHEMERAL, plural } from '../slack/blocks.js';
import { ACTIONS, ASK_MODAL_FIELDS as F } from '../slack/ids.js';
import { escapeMrkdwn } from '../slack/mrkdwn.js';
import { reply } from '../slack/reply.js';
import { workspaceOf } from '../slack/workspace.js';
import { readHeldValue } from './confirmation-blocks.js';
import { AskClosed, changeSkills, NotYourAsk } from './held.js';
import { slugsOf } from './held-slugs.js';
import { findAsk } from './queries.js';
import { skillsEditModal } from './skills-edit-blocks.js';

async function catalogueSkillsOf(db: Db, slugs: string[]): Promise<CatalogueSkill[]> {
  if (slugs.length === 0) return [];
  return db
    .select({ slug: catalogueSkills.slug, name: catalogueSkills.name })
    .from(catalogueSkills)
    .where(inArray(catalogueSkills.slug, slugs))
    .orderBy(catalogueSkills.name);
}

const toldMore = (n: number) => (n ? ` I told ${plural(n, 'more person', 'more people')} whose skills match.` : '');
const names = (skills: string[]) => (skills.length ? skills.map((s) => `*${escapeMrkdwn(s)}*`).join(', ') : 'none');

/** *Edit skills* on the asker's confirmation: the ask's skills in a small form. */
export const editSkillsButton = (deps: Deps) => async (args: ButtonArgs) => {
  await args.ack();
  const ask = await findAsk(deps.db, workspaceOf(args), args.action.value ?? '');
  if (!ask || ask.status === 'deleted') return reply(args, { text: 'That ask no longer exists.' });
  if (ask.askerId !== args.body.user.id) throw new NotYourAsk();
  if (ask.status !== 'open') throw new AskClosed();
  const current = await catalogueSkillsOf(deps.db, await slugsOf(deps.db, ask.skills));
  const responseUrl = 'response_url' in args.body ? args.body.response_url : undefined;
  await args.client.views.open({
    trigger_id: args.body.trigger_id,
    view: skillsEditModal(current, { askId: ask.id, responseUrl }),
  });
};

const metadata = z.object({ askId: z.string(), responseUrl: z.string().url().optional() });

/** Saves the skills picked: the broadcast follows, new matches are told, held skills picked are held no more. */
export const skillsEditSubmit =
  (deps: Deps) =>
  async ({ ack, view, body, client, context }: ViewArgs) => {
    const { askId, responseUrl } = metadata.parse(JSON.parse(view.private_metadata || '{}'));
    const ws = workspaceOf({ context, body });
    // Refused while the form is still open, so the asker reads why: once it closes nobody would be told.
    const found = await findAsk(deps.db, ws, askId);
    const why =
      !found || found.status === 'deleted'
        ? 'That ask no longer exists.'
        : found.askerId !== body.user.id
          ? new NotYourAsk().message
          : found.status !== 'open'
            ? new AskClosed().message
            : undefined;
    if (why) return ack({ response_action: 'errors', errors: { [F.skills]: why } });
    await ack();
    const picked = (view.state.values[F.skills]?.[ACTIONS.pickAskSkills]?.selected_options ?? []).map((o) => o.value);
    const chosen = (await catalogueSkillsOf(deps.db, picked)).map((s) => s.name);
    const { ask, told } = await changeSkills(deps, client, ws, body.user.id, askId, (a) => ({
      skills: chosen,
      heldSkills: a.heldSkills.filter((h) => !chosen.includes(h)),
    }));
    const text = `Saved. Your ask's skills: ${names(ask.skills)}.${toldMore(told)}`;
    // Answered under the confirmation the form was opened from; by DM when there is none.
    if (responseUrl)
      await fetch(responseUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ...EPHEMERAL, text }),
      });
    else await client.chat.postMessage({ channel: body.user.id, text });
  };

/** *Add it* / *No* on a held skill: moved into the ask's skills (its people told), or dropped. */
export const heldSkillButton = (deps: Deps, add: boolean) => async (args: ButtonArgs) => {
  await args.ack();
  const { askId, name } = readHeldValue(args.action.value ?? '');
  let moved = false;
  const { told } = await changeSkills(deps, args.client, workspaceOf(args), args.body.user.id, askId, (a) => {
    if (!a.heldSkills.includes(name)) return undefined;
    moved = true;
    const heldSkills = a.heldSkills.filter((h) => h !== name);
    return { skills: add && !a.skills.includes(name) ? [...a.skills, name] : a.skills, heldSkills };
  });
  const skill = `*${escapeMrkdwn(name)}*`;
  const text = !moved
    ? `You already answered about ${skill}.`
    : add
      ? `Added ${skill} to your ask.${toldMore(told)}`
      : `OK, I've left ${skill} out.`;
  await reply(args, { text });
};
