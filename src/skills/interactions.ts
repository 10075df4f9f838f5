import { refreshAskMessage } from '../asks/message.js';
import { findAsk } from '../asks/queries.js';
import type { Deps } from '../deps.js';
import { refreshHomes } from '../home/publish.js';
import { getPerson } from '../people/lookup.js';
import type { ButtonArgs, OptionsArgs, ViewArgs } from '../slack/args.js';
import { workspaceOf } from '../slack/workspace.js';
import { erasedMessage, option } from './blocks.js';
import { searchCatalogue } from './catalogue.js';
import { readSkillsForm, withUnshown } from './form.js';
import { forgetPerson, replaceSkills } from './queries.js';

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
    await replaceSkills(deps.db, ws, body.user.id, form);
    await refreshHomes(deps, client, ws, [body.user.id]);
  };

export const forgetMeButton =
  (deps: Deps) =>
  async ({ ack, body, context, respond, client }: ButtonArgs) => {
    await ack();
    const ws = workspaceOf({ context, body });
    const erased = await forgetPerson(deps.db, ws, body.user.id);
    await respond({ response_type: 'ephemeral', replace_original: true, text: erasedMessage(erased) });
    for (const askId of erased.askIds) {
      const ask = await findAsk(deps.db, ws, askId);
      if (ask) await refreshAskMessage(deps, client, ask);
    }
    await refreshHomes(deps, client, ws, [body.user.id]);
  };
