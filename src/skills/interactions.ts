import type { Deps } from '../deps.js';
import { forgottenHome } from '../home/forgotten.js';
import { refreshHomes } from '../home/publish.js';
import { getPerson } from '../people/lookup.js';
import type { ButtonArgs, OptionsArgs, ViewArgs } from '../slack/args.js';
import { workspaceOf } from '../slack/workspace.js';
import { erasedMessage, FORGET_DELETING_ASKS, option } from './blocks.js';
import { searchCatalogue } from './catalogue.js';
import { readSkillsForm, withUnshown } from './form.js';
import { skillsSavedMessage } from './next-step-blocks.js';
import { forgetPerson, replaceSkills, savedNames } from './queries.js';

const OPTIONS_MAX = 100;

/** The type-ahead behind every catalogue picker. */
export const catalogueOptions =
  (deps: Deps) =>
  async ({ ack, options }: OptionsArgs) => {
    const found = await searchCatalogue(deps.db, options.value ?? '', OPTIONS_MAX);
    await ack({ options: found.map((s) => option(s.slug, s.name)) });
  };

export const skillsModalSubmit =
  (deps: Deps) =>
  async ({ ack, view, body, client, context }: ViewArgs) => {
    const ws = workspaceOf({ context, body });
    // With the names the form could not show, and within the cap on skills a person.
    const form = await withUnshown(deps.db, ws, body.user.id, readSkillsForm(view.state.values), view.private_metadata);
    if ('errors' in form) return ack({ response_action: 'errors', errors: form.errors });
    await ack();
    await getPerson(deps.db, client, ws, body.user.id);
    const [skill, interest] = await Promise.all([savedNames(deps.db, form.skill), savedNames(deps.db, form.interest)]);
    // A view submission has no response_url: the confirmation is a DM, once per form (its view id).
    const saved = { channel: body.user.id, ...skillsSavedMessage(skill, interest) };
    const owed = await replaceSkills(deps.db, ws, body.user.id, form, [
      { kind: 'message', message: saved, key: `skills_saved:${view.id}` },
    ]);
    await deps.outbox.deliver(client, ws, owed);
    await refreshHomes(deps, client, ws, [body.user.id]);
  };

export const forgetMeButton =
  (deps: Deps) =>
  async ({ ack, body, context, respond, client, action }: ButtonArgs) => {
    await ack();
    const ws = workspaceOf({ context, body });
    const deleteAsks = action.value === FORGET_DELETING_ASKS;
    const erased = await forgetPerson(deps.db, ws, body.user.id, { deleteAsks });
    await respond({ response_type: 'ephemeral', replace_original: true, text: erasedMessage(erased) });
    // Their asks' messages (deleted, or now a former colleague's) and the volunteer counts they changed.
    await deps.outbox.deliver(client, ws, erased.owed);
    await forgottenHome(deps, client, ws, body.user.id);
    await refreshHomes(deps, client, ws, erased.affected);
  };
