import type { webApi } from '@slack/bolt';
import type { Deps } from '../deps.js';
import { getPerson, refreshPerson } from '../people/lookup.js';
import { catalogueFor } from '../skills/catalogue.js';
import { addSkills } from '../skills/queries.js';
import { mentions } from '../slack/blocks.js';
import { escapeMrkdwn } from '../slack/mrkdwn.js';
import type { Workspace } from '../slack/workspace.js';
import { ADMINS_ONLY, GUESTS_REFUSED } from './blocks.js';
import { sendSkillsMatrix } from './export-all.js';
import { sendMap } from './map.js';
import type { TalentCommand } from './parse.js';
import { mentorsFor, setOptIn } from './people-queries.js';
import { sendReport } from './report.js';
import { setSpotlightChannel } from './spotlight.js';

const MENTORS_SHOWN = 5;

/** Runs a talent subcommand of `/skills` and returns what to tell the person (ephemerally). */
export async function runTalentCommand(
  deps: Deps,
  client: webApi.WebClient,
  ws: Workspace,
  userId: string,
  cmd: TalentCommand,
): Promise<string> {
  // Admin views check Slack now, not the cache: an admin demoted an hour ago sees them no more.
  const isAdmin = async () => (await refreshPerson(deps.db, client, ws, userId)).isAdmin;
  if (cmd.what === 'usage') return cmd.text;
  const adminOnly = ['report', 'export_all', 'spotlight_channel'].includes(cmd.what);
  if (adminOnly || (cmd.what === 'map' && cmd.fresh)) {
    if (!(await isAdmin())) return ADMINS_ONLY;
  } else if ((await getPerson(deps.db, client, ws, userId)).isGuest) {
    return GUESTS_REFUSED;
  }
  switch (cmd.what) {
    case 'map':
      await sendMap(deps, client, ws, userId, { fresh: cmd.fresh });
      return 'I sent you the talent map in our DM.';
    case 'report':
      await sendReport(deps, client, ws, userId, { fresh: cmd.fresh });
      return 'I sent you the insights in our DM.';
    case 'export_all': {
      const rows = await sendSkillsMatrix(deps, client, ws, userId);
      return `I sent you the skills matrix (${rows} rows) as a CSV file in our DM.`;
    }
    case 'mentor':
      await setOptIn(deps.db, ws, userId, { mentor: cmd.on });
      return cmd.on
        ? "You're open to teaching what you know: the weekly digest may offer you someone who wants to learn it. " +
            '`/skills mentor off` stops that.'
        : "You won't be offered learners any more.";
    case 'spotlight':
      await setOptIn(deps.db, ws, userId, { spotlight: cmd.on });
      return cmd.on
        ? 'The weekly spotlight may now name you and one of your skills. `/skills spotlight off` stops that.'
        : "The spotlight won't name you any more.";
    case 'spotlight_channel':
      await setSpotlightChannel(deps.db, ws, cmd.channel, userId);
      return cmd.channel
        ? `Each week I'll post a spotlight in <#${cmd.channel}> (invite me there if I'm not in it yet).`
        : 'The weekly spotlight is off.';
    case 'learn':
      return learn(deps, ws, userId, cmd.names);
  }
}

/** Records the interests and names mentors who hold them. */
async function learn(deps: Deps, ws: Workspace, userId: string, names: Array<{ name: string; norm: string }>) {
  await addSkills(deps.db, ws, userId, 'interest', names);
  const catalogue = await catalogueFor(
    deps.db,
    names.map((n) => n.norm),
  );
  const slugs = names.flatMap((n) => catalogue.get(n.norm)?.slug ?? []);
  const norms = names.map((n) => catalogue.get(n.norm)?.name.toLowerCase() ?? n.norm);
  const mentors = await mentorsFor(deps.db, ws, { slugs, norms }, userId, MENTORS_SHOWN);
  const what = names.map((n) => `*${escapeMrkdwn(catalogue.get(n.norm)?.name ?? n.name)}*`).join(', ');
  if (mentors.length === 0)
    return (
      `Added ${what} to your interests. Nobody who knows it has offered to teach yet; ` +
      "I'll pair you when someone does."
    );
  return (
    `Added ${what} to your interests. Open to teaching it: ${mentions(mentors.map((m) => m.userId))}. ` +
    'Say hello, or wait for the weekly digest to pair you.'
  );
}
