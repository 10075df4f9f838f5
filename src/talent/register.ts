import type { App, BlockButtonAction } from '@slack/bolt';
import { eq } from 'drizzle-orm';
import { catalogueSkills } from '../db/schema/index.js';
import type { Deps } from '../deps.js';
import { getPerson } from '../people/lookup.js';
import { matchPeople } from '../skills/matching.js';
import type { ButtonArgs } from '../slack/args.js';
import { ACTIONS } from '../slack/ids.js';
import { workspaceOf } from '../slack/workspace.js';
import { GUESTS_REFUSED, holdersModal, notice } from './blocks.js';
import { pairHello } from './pairs.js';

const HOLDERS_MAX = 20;

/** A skill's button on the map: its holders, best first (as `/skills who` ranks them), in a modal. */
const showHolders =
  (deps: Deps) =>
  async ({ ack, body, client, context, action }: ButtonArgs) => {
    await ack();
    const ws = workspaceOf({ context, body });
    // Guests never get the map; a stale button is answered, never with members' names.
    if ((await getPerson(deps.db, client, ws, body.user.id)).isGuest) {
      await client.views.open({ trigger_id: body.trigger_id, view: notice(GUESTS_REFUSED) });
      return;
    }
    const [skill] = await deps.db
      .select({ slug: catalogueSkills.slug, name: catalogueSkills.name })
      .from(catalogueSkills)
      .where(eq(catalogueSkills.slug, action.value ?? ''));
    if (!skill) return;
    const { matches, total } = await matchPeople(deps.db, ws, {
      text: skill.name,
      slugs: [skill.slug],
      kinds: ['skill'],
      limit: HOLDERS_MAX,
    });
    await client.views.open({ trigger_id: body.trigger_id, view: holdersModal(skill.name, matches, total) });
  };

export function register(app: App, deps: Deps): void {
  // One id per skill (`talent_holders:<slug>`): Slack wants the ids of a block's buttons unique.
  app.action<BlockButtonAction>(new RegExp(`^${ACTIONS.talentHolders}(:|$)`), showHolders(deps));
  app.action<BlockButtonAction>(ACTIONS.pairHello, pairHello(deps));
}
