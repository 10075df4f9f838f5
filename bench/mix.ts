import { COMMANDS, EVENTS } from '../src/slack/ids.js';
import { eventCallback, type MixRequest, seeded, slashCommand } from './load.js';
import { ASK_TEXTS } from './samples.js';

/** A posted ask: its id (a button's value) and its message. */
export interface PostedAsk {
  id: string;
  channel: string;
  ts: string;
}

/**
 * What a busy workspace sends an app like this one, by share (issue 14): replies in asks' threads,
 * reactions on asks (a quarter of them the volunteer reaction), Home tabs opened, and one request
 * in twenty an `/ask`.
 */
export const MIX: Array<[kind: string, share: number]> = [
  ['message, reply in an ask thread', 0.45],
  ['reaction_added', 0.3],
  ['app_home_opened', 0.2],
  ['/ask', 0.05],
];

const REPLIES = ['I know a bit about this, will DM', 'could do it next week', 'try asking the data team'];
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
          return slashCommand(team, {
            command: COMMANDS.ask,
            text: ASK_TEXTS[n % ASK_TEXTS.length]!,
            user_id: user,
            channel_id: askChannel,
            response_url: `${respondTo}mix-${i}`,
          });
        default:
          return eventCallback(team, { type: EVENTS.appHomeOpened, user, channel: `D${user}`, tab: 'home' });
      }
    })();
    return { kind, ...request };
  };
}
