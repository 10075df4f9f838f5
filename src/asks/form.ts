import type { ViewSubmitAction } from '@slack/bolt';
import { z } from 'zod';
import { ACTIONS, ASK_MODAL_FIELDS as F } from '../slack/ids.js';
import { ASK_DETAILS_MAX, ASK_TEXT_MAX } from './limits.js';

type Values = ViewSubmitAction['view']['state']['values'];

const modalMetadata = z.object({ channel: z.string().default('') });

export interface AskFormInput {
  /** Where the form was opened, or the channel picked in it. */
  channel: string;
  text: string;
  details: string;
  deadline: string | undefined;
  skillSlugs: string[];
  /** The "Ask anonymously" box was ticked. */
  anonymous: boolean;
}

export type AskForm = { errors: Record<string, string> } | AskFormInput;

/**
 * The submitted ask, or errors per field. `today` is an ISO date; the caller allows a day's grace
 * so people west of UTC can still pick their today.
 */
export function readAskForm(values: Values, privateMetadata: string, today: string): AskForm {
  const text = values[F.need]?.[F.need]?.value?.trim() ?? '';
  const details = values[F.details]?.[F.details]?.value?.trim() ?? '';
  const deadline = values[F.deadline]?.[F.deadline]?.selected_date ?? undefined;
  const skillSlugs = (values[F.skills]?.[ACTIONS.pickAskSkills]?.selected_options ?? []).map((o) => o.value);
  const anonymous = Boolean(values[F.anonymous]?.[F.anonymous]?.selected_options?.length);
  const opened = modalMetadata.parse(JSON.parse(privateMetadata || '{}')).channel;
  // Opened in a channel, or from the Home tab with a (required) channel picker.
  const channel = opened || values[F.channel]?.[F.channel]?.selected_conversation || '';
  const errors: Record<string, string> = {};
  if (!text) errors[F.need] = 'Say what you need help with.';
  else if (text.length > ASK_TEXT_MAX)
    errors[F.need] = `Keep this under ${ASK_TEXT_MAX} characters; use Details for the rest.`;
  if (details.length > ASK_DETAILS_MAX) errors[F.details] = `Keep the details under ${ASK_DETAILS_MAX} characters.`;
  if (deadline && deadline < today) errors[F.deadline] = 'Pick today or a later date.';
  if (!channel) errors[F.channel] = 'Pick the channel to post your ask in.';
  return Object.keys(errors).length > 0 ? { errors } : { channel, text, details, deadline, skillSlugs, anonymous };
}
