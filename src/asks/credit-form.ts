import type { webApi } from '@slack/bolt';
import type { Deps } from '../deps.js';
import type { ViewArgs } from '../slack/args.js';
import { EPHEMERAL } from '../slack/blocks.js';
import { AskNotFound } from '../slack/errors.js';
import { CREDIT_MODAL_FIELDS as F } from '../slack/ids.js';
import { workspaceOf } from '../slack/workspace.js';
import { CREDITED_MAX, type CreditFormState, creditModal, NOTE_MAX, resolvedConfirmation } from './credit-blocks.js';
import { type Ask, findAsk, listVolunteers } from './queries.js';
import { resolveAsk } from './resolving.js';

/** Opens the asker's resolve form, prefilled with whoever is on the ask and the volunteers. */
export async function openCreditForm(
  deps: Deps,
  client: webApi.WebClient,
  ask: Ask,
  triggerId: string,
  responseUrl: string | undefined,
): Promise<void> {
  const volunteers = await listVolunteers(deps.db, ask);
  const initial = [...new Set([ask.claimedBy, ...volunteers])].filter((id): id is string => Boolean(id));
  await client.views.open({ trigger_id: triggerId, view: creditModal(ask, initial, { askId: ask.id, responseUrl }) });
}

function stateOf(privateMetadata: string): CreditFormState {
  try {
    const state = JSON.parse(privateMetadata) as Partial<CreditFormState>;
    return { askId: String(state.askId ?? ''), responseUrl: state.responseUrl || undefined };
  } catch {
    return { askId: '' };
  }
}

/** Answers where the asker pressed Mark resolved, or by DM (the Home tab has no response_url). */
async function tell(client: webApi.WebClient, userId: string, responseUrl: string | undefined, text: string) {
  if (responseUrl) {
    const res = await fetch(responseUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...EPHEMERAL, text }),
    }).catch(() => undefined);
    if (res?.ok) return;
  }
  await client.chat.postMessage({ channel: userId, text });
}

/** Checked before the ack, so a mistake keeps the form open with the reason beside the field. */
function formErrors(asker: string, people: string[], note: string): Record<string, string> | undefined {
  if (people.includes(asker))
    return { [F.helpers]: "You can't credit yourself: pick the people who helped you, or nobody." };
  if (people.length > CREDITED_MAX) return { [F.helpers]: `At most ${CREDITED_MAX} people, please.` };
  if ([...note].length > NOTE_MAX) return { [F.note]: `At most ${NOTE_MAX.toLocaleString('en-GB')} characters.` };
  return undefined;
}

export const creditModalSubmit =
  (deps: Deps) =>
  async ({ ack, view, body, client, context }: ViewArgs) => {
    const state = stateOf(view.private_metadata);
    const values = view.state.values;
    const people = values[F.helpers]?.[F.helpers]?.selected_users ?? [];
    const note = (values[F.note]?.[F.note]?.value ?? '').trim();
    const errors = formErrors(body.user.id, people, note);
    if (errors) return ack({ response_action: 'errors', errors });
    await ack();
    const ask = await findAsk(deps.db, workspaceOf({ context, body }), state.askId);
    if (!ask || ask.status === 'deleted') throw new AskNotFound();
    const resolved = await resolveAsk(deps, client, ask, body.user.id, { people, note });
    const text = resolved
      ? resolvedConfirmation(resolved.credited.length, people.length - resolved.credited.length)
      : 'This ask is already resolved, so nothing was changed and nobody was credited.';
    await tell(client, body.user.id, state.responseUrl, text);
  };
