import type { webApi } from '@slack/bolt';
import type { Deps } from '../deps.js';
import { refreshHomes } from '../home/publish.js';
import type { CommandArgs } from '../slack/args.js';
import { type Workspace, workspaceOf } from '../slack/workspace.js';
import { skillsModal } from './blocks.js';
import { runSkillsForm } from './forms.js';
import { parseSkillsCommand } from './parse.js';
import { listSkills } from './queries.js';

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

export const skillsCommand =
  (deps: Deps) =>
  async ({ command, ack, respond, client, context, body }: CommandArgs) => {
    await ack();
    const ws = workspaceOf({ context, body });
    const cmd = parseSkillsCommand(command.text);
    if (cmd.verb === 'form') return openSkillsForm(deps, client, ws, command.user_id, command.trigger_id);
    const reply = await runSkillsForm(deps, client, ws, command.user_id, cmd);
    await respond({ response_type: 'ephemeral', ...(typeof reply === 'string' ? { text: reply } : reply) });
    if (['add', 'interest', 'remove'].includes(cmd.verb)) await refreshHomes(deps, client, ws, [command.user_id]);
  };
