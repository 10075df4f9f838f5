import type { Deps } from '../deps.js';
import { refreshHomes } from '../home/publish.js';
import type { CommandArgs } from '../slack/args.js';
import { workspaceOf } from '../slack/workspace.js';
import { openSkillsForm } from './form.js';
import { parseSkillsCommand } from './parse.js';
import { runSubcommand } from './subcommands.js';

export const skillsCommand =
  (deps: Deps) =>
  async ({ command, ack, respond, client, context, body }: CommandArgs) => {
    await ack();
    const ws = workspaceOf({ context, body });
    const cmd = parseSkillsCommand(command.text);
    if (cmd.verb === 'form') return openSkillsForm(deps, client, ws, command.user_id, command.trigger_id);
    const reply = await runSubcommand(deps, client, ws, command.user_id, cmd);
    await respond({ response_type: 'ephemeral', ...(typeof reply === 'string' ? { text: reply } : reply) });
    if (['add', 'interest', 'remove', 'snooze', 'history'].includes(cmd.verb))
      await refreshHomes(deps, client, ws, [command.user_id]);
  };
