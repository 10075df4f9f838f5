import type { ViewSubmitAction, webApi } from '@slack/bolt';
import type { Db } from '../db/client.js';
import type { Deps } from '../deps.js';
import { ACTIONS, SKILLS_MODAL_FIELDS as F } from '../slack/ids.js';
import type { Workspace } from '../slack/workspace.js';
import { skillsModal } from './blocks.js';
import { SKILLS_PER_PERSON_MAX } from './limits.js';
import { normaliseSkill, parseSkillList, SKILL_NAME_MAX, SKILLS_TEXT_MAX, type SkillName } from './normalise.js';
import { type Kind, listSkills } from './queries.js';

type Values = ViewSubmitAction['view']['state']['values'];

/** The trigger lasts 3 seconds: open the form at once, then fill in what the person already has. */
export async function openSkillsForm(
  deps: Deps,
  client: webApi.WebClient,
  ws: Workspace,
  userId: string,
  triggerId: string,
): Promise<void> {
  const opened = await client.views.open({ trigger_id: triggerId, view: skillsModal(null) });
  const current = await listSkills(deps.db, ws, userId);
  await client.views.update({ view_id: opened.view!.id!, hash: opened.view!.hash, view: skillsModal(current) });
}

/** Picked catalogue names plus the free text, for one kind; errors name the limit broken. */
function fieldSkills(
  values: Values,
  [block, action]: [string, string],
  free: string,
): { names: SkillName[]; error?: string } {
  const picked = (values[block]?.[action]?.selected_options ?? []).map((o) => normaliseSkill(o.text.text));
  const typed = parseSkillList((values[free]?.[free]?.value ?? '').slice(0, SKILLS_TEXT_MAX));
  const names = [...new Map([...picked, ...typed].map((n) => [n.norm, n])).values()];
  const long = typed.find((n) => [...n.name].length > SKILL_NAME_MAX);
  if (long)
    return { names, error: `“${long.name.slice(0, 30)}…” is too long: at most ${SKILL_NAME_MAX} characters each.` };
  return { names };
}

export type SkillsForm = { errors: Record<string, string> } | { skill: SkillName[]; interest: SkillName[] };

/** The submitted skills and interests, or errors per free-text field. */
export function readSkillsForm(values: Values): SkillsForm {
  const skills = fieldSkills(values, [F.skills, ACTIONS.pickSkills], F.skillsFree);
  const interests = fieldSkills(values, [F.interests, ACTIONS.pickInterests], F.interestsFree);
  const errors: Record<string, string> = {};
  if (skills.error) errors[F.skillsFree] = skills.error;
  if (interests.error) errors[F.interestsFree] = interests.error;
  return Object.keys(errors).length ? { errors } : { skill: skills.names, interest: interests.names };
}

const shownUpTo = (privateMetadata: string): Partial<Record<Kind, string>> => {
  try {
    return (JSON.parse(privateMetadata || '{}') as { shownUpTo?: Partial<Record<Kind, string>> }).shownUpTo ?? {};
  } catch {
    return {};
  }
};

/**
 * The form as saved: with the free-text names it had no room to show (they stay), and at most
 * SKILLS_PER_PERSON_MAX skills and interests in all.
 */
export async function withUnshown(
  db: Db,
  ws: Workspace,
  userId: string,
  form: SkillsForm,
  privateMetadata: string,
): Promise<SkillsForm> {
  if ('errors' in form) return form;
  const bounds = shownUpTo(privateMetadata);
  const kept = { skill: [...form.skill], interest: [...form.interest] };
  if (bounds.skill !== undefined || bounds.interest !== undefined) {
    for (const s of await listSkills(db, ws, userId)) {
      const bound = bounds[s.kind];
      if (s.catalogueSlug || bound === undefined || s.norm <= bound) continue;
      if (!kept[s.kind].some((n) => n.norm === s.norm)) kept[s.kind].push({ name: s.name, norm: s.norm });
    }
  }
  const total = kept.skill.length + kept.interest.length;
  if (total > SKILLS_PER_PERSON_MAX)
    return {
      errors: {
        [F.skillsFree]:
          `At most ${SKILLS_PER_PERSON_MAX} skills and interests in all, please; ` +
          `this would make ${total}. Remove some you no longer want.`,
      },
    };
  return kept;
}
