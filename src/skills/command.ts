import type { Deps } from '../deps';
import type { CommandArgs } from '../slack/args';
import { workspaceOf } from '../slack/workspace';
import { skillsModal } from './blocks';
import { runSkillsForm } from './forms';
import { parseSkillsCommand } from './parse';
import { listSkills } from './queries';

export const skillsCommand =
  (deps: Deps) =>
  async ({ command, ack, respond, client, context, body }: CommandArgs) => {
    await ack();
    const ws = workspaceOf({ context, body });
    const cmd = parseSkillsCommand(command.text);
    if (cmd.verb === 'form') {
      // The trigger lasts 3 seconds: open at once, then fill in what the person already has.
      const opened = await client.views.open({ trigger_id: command.trigger_id, view: skillsModal(null) });
      const current = await listSkills(deps.db, ws, command.user_id);
      await client.views.update({ view_id: opened.view!.id!, hash: opened.view!.hash, view: skillsModal(current) });
      return;
    }
    const reply = await runSkillsForm(deps, client, ws, command.user_id, cmd);
    await respond({ response_type: 'ephemeral', ...(typeof reply === 'string' ? { text: reply } : reply) });
  };
