import { ACTIONS, COMMANDS, EVENTS } from '../src/slack/ids.js';
import { eventCallback, interaction, type MixRequest, seeded, slashCommand } from './load.js';
import { ASK_TEXTS } from './samples.js';

/** A posted ask: its id (a button's value) and its message. */
export interface PostedAsk {
  id: string;
  channel: string;
  ts: string;
}

/**
 * What a workspace sends an app like this one, by share: mostly channel messages (the app is in
 * its ask channel and sees every one; most are not in an ask's thread and are ignored), reactions
 * (a few of them the volunteer reaction), now and then a command, an *I can help* press or a Home
 * tab opened.
 */
export const MIX: Array<[kind: string, share: number]> = [
  ['message, not in a thread (ignored)', 0.35],
  ['message, reply in an ask thread', 0.15],
  ['reaction_added', 0.1],
  ['/ask', 0.05],
  ['/skills', 0.1],
  ['block_actions (I can help)', 0.1],
  ['app_home_opened', 0.15],
];

const CHAT = ['lunch anyone?', 'the printer on 3 is jammed again', 'thanks all!', 'standup moved to 10:15'];
const REPLIES = ['I know a bit about this, will DM', 'could do it next week', 'try asking the data team'];
const SKILLS = ['who python', 'list', 'who excel', 'who photography'];
const REACTIONS = ['raising_hand', 'thumbsup', 'eyes', 'tada'];

/**
 * The realistic mix's requests, the i-th drawn from `seed`, so every app gets the same ones: people
 * from `person`, threads, reactions and buttons on `asks` (posted earlier in the run).
 */
export function mixedRequests(
  team: string,
  askChannel: string,
  asks: PostedAsk[],
  person: (i: number) => string,
  respondTo: string,
  seed: number,
): (i: number) => MixRequest {
  const random = seeded(seed);
  return (i) => {
    // A message's ts: unique in the run (the seed tells a warm-up's from the measured run's).
    const ts = `${1_850_000_000 + i}.${String(seed % 1_000_000).padStart(6, '0')}`;
    const pick = random();
    let below = 0;
    const [kind] =
      MIX.find(([, share]) => {
        below += share;
        return pick < below;
      }) ?? MIX[0]!;
    const n = Math.floor(random() * 1_000_000);
    const user = person(n);
    const ask = asks[n % asks.length]!;
    const request = (() => {
      switch (kind) {
        case 'message, not in a thread (ignored)':
          return eventCallback(team, {
            type: EVENTS.message,
            channel: n % 2 ? askChannel : 'CBENCHCHAT',
            channel_type: 'channel',
            user,
            text: CHAT[n % CHAT.length],
            ts,
          });
        case 'message, reply in an ask thread':
          return eventCallback(team, {
            type: EVENTS.message,
            channel: ask.channel,
            channel_type: 'channel',
            user,
            text: REPLIES[n % REPLIES.length],
            ts,
            thread_ts: ask.ts,
          });
        case 'reaction_added':
          return eventCallback(team, {
            type: EVENTS.reactionAdded,
            user,
            reaction: REACTIONS[n % REACTIONS.length],
            item: { type: 'message', channel: ask.channel, ts: ask.ts },
          });
        case '/ask':
        case '/skills':
          return slashCommand(team, {
            command: kind === '/ask' ? COMMANDS.ask : COMMANDS.skills,
            text: kind === '/ask' ? ASK_TEXTS[n % ASK_TEXTS.length]! : SKILLS[n % SKILLS.length]!,
            user_id: user,
            channel_id: 'CBENCH',
            response_url: `${respondTo}mix-${i}`,
          });
        case 'block_actions (I can help)':
          return interaction(team, user, {
            type: 'block_actions',
            container: { type: 'message', channel_id: ask.channel, message_ts: ask.ts, is_ephemeral: false },
            channel: { id: ask.channel, name: 'asks' },
            message: { ts: ask.ts, type: 'message' },
            response_url: `${respondTo}mix-${i}`,
            actions: [
              {
                type: 'button',
                block_id: 'ask_actions',
                action_id: ACTIONS.volunteer,
                value: ask.id,
                action_ts: `${Date.now() / 1000}`,
              },
            ],
          });
        default:
          return eventCallback(team, { type: EVENTS.appHomeOpened, user, channel: `D${user}`, tab: 'home' });
      }
    })();
    return { kind, ...request };
  };
}
