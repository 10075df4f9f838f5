// How to volunteer lives in the ask channel's topic, said once, instead of on every ask.
import type { webApi } from '@slack/bolt';
import type { Deps } from '../deps.js';
import { refreshPerson } from '../people/lookup.js';
import { owe } from '../runtime/outbox-queries.js';
import type { ButtonArgs } from '../slack/args.js';
import { type KnownBlock, section } from '../slack/blocks.js';
import { NotAdmin, slackErrorCode } from '../slack/errors.js';
import { ACTIONS } from '../slack/ids.js';
import { reply } from '../slack/reply.js';
import { type Workspace, workspaceOf } from '../slack/workspace.js';
import { settingsFor } from './lookup.js';

/** The topic (plain text, at most 250 characters: Slack formats nothing in it). */
export const askTopic = (reaction: string) =>
  `Ask the whole organisation with /ask. To volunteer, react to an ask with :${reaction}: or press I can help.`;

export function topicOffer(channel: string, reaction: string): { text: string; blocks: KnownBlock[] } {
  const text =
    `<#${channel}> is now where asks go. Shall I set its topic so everyone there knows how to volunteer? ` +
    `It would read: “${askTopic(reaction)}”`;
  return {
    text,
    blocks: [
      section(text),
      {
        type: 'actions',
        elements: [
          {
            type: 'button',
            action_id: ACTIONS.setAskTopic,
            text: { type: 'plain_text', text: 'Set the topic' },
            style: 'primary',
            value: channel,
          },
        ],
      },
    ],
  };
}

/** Offered by DM (through the outbox, once per channel and admin) when an admin picks a new ask channel. */
export async function offerTopic(deps: Deps, client: webApi.WebClient, ws: Workspace, admin: string, channel: string) {
  const { volunteerReaction } = await settingsFor(deps.db, deps.env, ws);
  const message = { channel: admin, ...topicOffer(channel, volunteerReaction) };
  const owed = await owe(deps.db, ws, [{ kind: 'message', message, key: `topic_offer:${channel}:${admin}` }]);
  await deps.outbox.deliver(client, ws, owed);
}

async function setTopic(client: webApi.WebClient, channel: string, topic: string): Promise<string | undefined> {
  try {
    await client.conversations.setTopic({ channel, topic });
    return undefined;
  } catch (err) {
    const code = slackErrorCode(err);
    if (code !== 'not_in_channel') return code ?? 'unknown error';
    // A public channel the bot was never added to: join it and try once more.
    await client.conversations.join({ channel });
    await client.conversations.setTopic({ channel, topic });
    return undefined;
  }
}

/** *Set the topic*: an admin's, checked afresh; pressed twice, the topic already reads so and is left alone. */
export const setTopicButton = (deps: Deps) => async (args: ButtonArgs) => {
  await args.ack();
  const ws = workspaceOf(args);
  if (!(await refreshPerson(deps.db, args.client, ws, args.body.user.id)).isAdmin) throw new NotAdmin();
  const channel = args.action.value ?? '';
  const topic = askTopic((await settingsFor(deps.db, deps.env, ws)).volunteerReaction);
  const now = await args.client.conversations.info({ channel }).catch(() => undefined);
  const current = (now?.channel as { topic?: { value?: string } } | undefined)?.topic?.value;
  if (current === topic) return reply(args, { text: `<#${channel}>'s topic already says how to volunteer.` }, true);
  const failed = await setTopic(args.client, channel, topic).catch((err) => slackErrorCode(err) ?? 'unknown error');
  const text = failed
    ? `Slack refused to set <#${channel}>'s topic (${failed}). ` +
      (failed === 'missing_scope' ? 'Reinstall the app to let it set topics, then press again.' : 'Please try again.')
    : `Done: <#${channel}>'s topic now says how to volunteer.`;
  await reply(args, { text }, !failed);
};
