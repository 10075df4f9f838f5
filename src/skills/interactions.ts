import type { ViewSubmitAction } from '@slack/bolt';
import { refreshAskMessage } from '../asks/message.js';
import { findAsk } from '../asks/queries.js';
import type { Deps } from '../deps.js';
import { refreshHomes } from '../home/publish.js';
import { getPerson } from '../people/lookup.js';
import type { ButtonArgs, OptionsArgs, ViewArgs } from '../slack/args.js';
import { ACTIONS, SKILLS_MODAL_FIELDS as F } from '../slack/ids.js';
import { workspaceOf } from '../slack/workspace.js';
import { erasedMessage, option } from './blocks.js';
import { searchCatalogue } from './catalogue.js';
import { normaliseSkill, parseSkillList, SKILL_NAME_MAX, SKILLS_PER_COMMAND_MAX, type SkillName } from './normalise.js';
import { forgetPerson, replaceSkills } from './queries.js';

type Values = ViewSubmitAction['view']['state']['values'];

const OPTIONS_MAX = 100;

/** The type-ahead behind every catalogue picker. */
export const catalogueOptions =
  (deps: Deps) =>
  async ({ ack, options }: OptionsArgs) => {
    const found = await searchCatalogue(deps.db, options.value ?? '', OPTIONS_MAX);
    await ack({ options: found.map((s) => option(s.slug, s.name)) });
  };

/** Picked catalogue names plus the free text, for one kind; errors name the limit broken. */
function fieldSkills(
  values: Values,
  [block, action]: [string, string],
  free: string,
): { names: SkillName[]; error?: string } {
  const picked = (values[block]?.[action]?.selected_options ?? []).map((o) => normaliseSkill(o.text.text));
  const typed = parseSkillList(values[free]?.[free]?.value ?? '');
  const names = [...new Map([...picked, ...typed].map((n) => [n.norm, n])).values()];
  const long = typed.find((n) => [...n.name].length > SKILL_NAME_MAX);
  if (long)
    return { names, error: `“${long.name.slice(0, 30)}…” is too long: at most ${SKILL_NAME_MAX} characters each.` };
  if (names.length > SKILLS_PER_COMMAND_MAX)
    return { names, error: `At most ${SKILLS_PER_COMMAND_MAX}, please; you have ${names.length}.` };
  return { names };
}

export const skillsModalSubmit =
  (deps: Deps) =>
  async ({ ack, view, body, client, context }: ViewArgs) => {
    const skills = fieldSkills(view.state.values, [F.skills, ACTIONS.pickSkills], F.skillsFree);
    const interests = fieldSkills(view.state.values, [F.interests, ACTIONS.pickInterests], F.interestsFree);
    const errors = Object.fromEntries(
      [
        [F.skillsFree, skills.error],
        [F.interestsFree, interests.error],
      ].filter(([, e]) => e),
    );
    if (Object.keys(errors).length) return ack({ response_action: 'errors', errors });
    await ack();
    const ws = workspaceOf({ context, body });
    await getPerson(deps.db, client, ws, body.user.id);
    await replaceSkills(deps.db, ws, body.user.id, { skill: skills.names, interest: interests.names });
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
