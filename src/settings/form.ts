import type { ViewSubmitAction } from '@slack/bolt';
import { bareEmoji, CHANNEL_ID, EMOJI_NAME } from '../env.js';
import { SETTINGS_MODAL_FIELDS as F } from '../slack/ids.js';

type Values = ViewSubmitAction['view']['state']['values'];

export type SettingsForm =
  | { errors: Record<string, string> }
  | {
      askChannel: string;
      volunteerReaction: string;
      guestsMayAsk: boolean;
      anonymousAsks: boolean;
      /** Undefined when the form had no such box (not an org-wide install). */
      crossWorkspaceMatching?: boolean;
    };

/** The submitted settings, or errors per field; '' as the channel means "where /ask is used". */
export function readSettingsForm(values: Values): SettingsForm {
  const askChannel = values[F.askChannel]?.[F.askChannel]?.selected_conversation ?? '';
  const raw = values[F.volunteerReaction]?.[F.volunteerReaction]?.value ?? '';
  const volunteerReaction = bareEmoji(raw);
  const guestsMayAsk = Boolean(values[F.guestsMayAsk]?.[F.guestsMayAsk]?.selected_options?.length);
  const anonymousAsks = Boolean(values[F.anonymousAsks]?.[F.anonymousAsks]?.selected_options?.length);
  const across = values[F.crossWorkspaceMatching]?.[F.crossWorkspaceMatching];
  const crossWorkspaceMatching = across ? Boolean(across.selected_options?.length) : undefined;
  const errors: Record<string, string> = {};
  if (askChannel && !CHANNEL_ID.test(askChannel)) errors[F.askChannel] = 'Pick a channel.';
  if (!EMOJI_NAME.test(volunteerReaction) || volunteerReaction.length > 100) {
    errors[F.volunteerReaction] = "Type an emoji name such as raising_hand: lowercase letters, digits, _ + ' or -.";
  }
  return Object.keys(errors).length
    ? { errors }
    : { askChannel, volunteerReaction, guestsMayAsk, anonymousAsks, crossWorkspaceMatching };
}
