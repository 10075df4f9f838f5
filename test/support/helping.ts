import { type Bot, startBot } from '../../src/bot.js';
import { createLogger } from '../../src/logger.js';
import type { Harness, TestTeam } from './harness.js';
import { SlackRequests } from './slack-requests.js';

type AskRef = { askId: string; channel: string; ts?: string };

/** Another bot process's worth of app on the harness's database: a second replica, or the one after a restart. */
export async function startReplica(h: Harness): Promise<{ bot: Bot; slack: SlackRequests }> {
  const bot = await startBot({ ...h.env, PORT: 0 }, { database: h.database, log: createLogger('silent') });
  await bot.warmedUp;
  return { bot, slack: new SlackRequests(`http://127.0.0.1:${bot.port}`, h.env.SLACK_SIGNING_SECRET!) };
}

/** Presses a button whose value is not just an ask id (Go with carries `askId:userId`). */
export async function pressValue(
  h: Harness,
  team: TestTeam,
  user: string,
  action_id: string,
  value: string,
  through: { slack: SlackRequests; idle(): Promise<void> } = { slack: h.slack, idle: () => h.idle() },
) {
  const responseUrl = h.emulator.responseUrl();
  const reply = await through.slack.buttonPress(
    team,
    user,
    { action_id, value },
    { channel: `D${user}`, ts: '1700000000.000100', response_url: responseUrl },
  );
  await through.idle();
  return {
    reply,
    texts: h.emulator.responses.filter((r) => r.url === responseUrl).map((r) => r.body.text as string),
  };
}

/** The credit form the bot last opened for this ask. */
export function creditForm(h: Harness, askId: string) {
  const call = h.emulator
    .callsTo('views.open', (a) => a.view?.callback_id === 'ask_credit_modal' && a.view.private_metadata.includes(askId))
    .at(-1);
  if (!call) return undefined;
  const view = call.args.view;
  const helpers = view.blocks.find((b: any) => b.block_id === 'helpers');
  return {
    view,
    initial: (helpers?.element.initial_users ?? []) as string[],
    responseUrl: JSON.parse(view.private_metadata).responseUrl as string | undefined,
  };
}

export const creditValues = (helpers: string[], note = '') => ({
  helpers: { helpers: { type: 'multi_users_select', selected_users: helpers } },
  note: { note: { type: 'plain_text_input', value: note || null } },
});

/**
 * The asker presses Mark resolved and sends the form: with `helpers` (default: as prefilled) and
 * a note. Returns the ack of the form and what the asker was told where they pressed.
 */
export async function resolveWithForm(
  h: Harness,
  team: TestTeam,
  asker: string,
  ask: AskRef,
  form: { helpers?: string[]; note?: string } = {},
  through: SlackRequests = h.slack,
) {
  await team.press(asker, 'ask_resolve', ask);
  const opened = creditForm(h, ask.askId);
  if (!opened) throw new Error('the credit form did not open');
  const reply = await through.viewSubmission(team, asker, {
    callback_id: 'ask_credit_modal',
    private_metadata: opened.view.private_metadata,
    values: creditValues(form.helpers ?? opened.initial, form.note),
  });
  await h.idle();
  const told = h.emulator.responses.filter((r) => r.url === opened.responseUrl).map((r) => r.body.text as string);
  return { reply, told, opened };
}
