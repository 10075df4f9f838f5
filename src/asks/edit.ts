import type { webApi } from '@slack/bolt';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { asks, catalogueSkills } from '../db/schema/index.js';
import type { Deps } from '../deps.js';
import { refreshHomes } from '../home/publish.js';
import { owe } from '../runtime/outbox-queries.js';
import { skillsInText } from '../skills/matching.js';
import type { ViewArgs } from '../slack/args.js';
import { workspaceOf } from '../slack/workspace.js';
import { editedConfirmation, editModal } from './edit-blocks.js';
import { readAskForm } from './form.js';
import { askRefresh } from './message.js';
import { type Ask, findAsk } from './queries.js';

/** Opens the ask form filled in with the ask; its skills shown as the catalogue's picker shows them. */
export async function openEditForm(deps: Deps, client: webApi.WebClient, ask: Ask, triggerId: string): Promise<void> {
  const skills = ask.skills.length
    ? await deps.db
        .select({ slug: catalogueSkills.slug, name: catalogueSkills.name })
        .from(catalogueSkills)
        .where(inArray(catalogueSkills.name, ask.skills))
    : [];
  await client.views.open({ trigger_id: triggerId, view: editModal(ask, skills) });
}

const askIdOf = (privateMetadata: string): string => {
  try {
    return String((JSON.parse(privateMetadata) as { askId?: unknown }).askId ?? '');
  } catch {
    return '';
  }
};

/**
 * The edit, saved: the row changes (so the digest and Home tabs follow) and the broadcast's
 * refresh is owed in the same transaction. Only the asker's edit of an open ask counts; the form
 * is only ever opened for them, but anyone could send its payload.
 */
export const askEditSubmit =
  (deps: Deps) =>
  async ({ ack, view, body, client, context }: ViewArgs) => {
    const today = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const form = readAskForm(view.state.values, view.private_metadata, today);
    if ('errors' in form) return ack({ response_action: 'errors', errors: form.errors });
    const ws = workspaceOf({ context, body });
    const ask = await findAsk(deps.db, ws, askIdOf(view.private_metadata));
    const user = body.user.id;
    if (!ask || ask.askerId !== user || ask.status !== 'open') {
      const why =
        ask?.askerId === user
          ? 'This ask is closed now, so it can no longer be edited.'
          : 'Only the asker can edit this ask.';
      return ack({ response_action: 'errors', errors: { need: why } });
    }
    await ack();
    const skills = await skillsInText(deps.db, '', form.skillSlugs);
    const changes = { text: form.text, details: form.details || null, deadline: form.deadline ?? null, skills };
    const owed = await deps.db.transaction(async (tx) => {
      const [row] = await tx
        .update(asks)
        .set({ ...changes, editedAt: sql`now()` })
        .where(and(eq(asks.teamId, ask.teamId), eq(asks.id, ask.id), eq(asks.status, 'open')))
        .returning({ id: asks.id });
      return row ? owe(tx, ask, [askRefresh(ask)]) : [];
    });
    await deps.outbox.deliver(client, ask, owed);
    await refreshHomes(deps, client, ask, [user]);
    const text = editedConfirmation(ask);
    await client.chat
      .postEphemeral({ channel: ask.channelId, user, text })
      .catch(() => client.chat.postMessage({ channel: user, text }))
      .catch((err) => deps.log.warn({ err, askId: ask.id }, 'could not confirm an edit to its asker'));
  };
