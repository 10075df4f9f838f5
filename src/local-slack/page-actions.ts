import { z } from 'zod';
import { COMMANDS } from '../slack/ids.js';
import type { Answer } from './acting.js';
import type { Demo } from './demo.js';
import { COLLEAGUES } from './sample.js';

const person = z.string().refine((id) => COLLEAGUES.some((c) => c.id === id), { error: 'no such person' });
const values = z.record(z.string(), z.record(z.string(), z.unknown())).default({});
const action = z.object({ type: z.string(), action_id: z.string(), block_id: z.string() }).loose();

/** What the page can ask for, as one person. */
const request = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('type'),
    as: person,
    channel: z.string(),
    text: z.string().min(1).max(40_000),
    thread: z.string().optional(),
  }),
  z.object({
    kind: z.literal('react'),
    as: person,
    channel: z.string(),
    ts: z.string(),
    name: z.string().regex(/^[a-z0-9_+'-]+$/),
    removed: z.boolean().default(false),
  }),
  z.object({ kind: z.literal('press'), as: person, channel: z.string(), ts: z.string(), action }),
  z.object({ kind: z.literal('press-view'), as: person, viewId: z.string(), values, action }),
  z.object({
    kind: z.literal('suggest'),
    as: person,
    viewId: z.string().optional(),
    action_id: z.string(),
    block_id: z.string(),
    value: z.string(),
  }),
  z.object({ kind: z.literal('submit'), as: person, values }),
  z.object({ kind: z.literal('close'), as: person }),
  z.object({ kind: z.literal('home'), as: person }),
  z.object({ kind: z.literal('dismiss'), as: person, ts: z.string() }),
  z.object({ kind: z.literal('digest') }),
]);

const refused = (error: string): Answer => ({ status: 400, body: { error } });

/** The bot's answer as the page shows it: its ack body, or what went wrong. */
const relay = (answer: Answer | undefined): Answer =>
  !answer || answer.status === 200
    ? { status: 200, body: answer?.body ?? {} }
    : { status: 502, body: { error: `The bot answered ${answer.status}` } };

/** Does what a person did on the page, as Slack would tell the bot. */
export async function act(demo: Demo, raw: unknown): Promise<Answer> {
  const parsed = request.safeParse(raw);
  if (!parsed.success) return refused(parsed.error.issues.map((i) => i.message).join('; '));
  const r = parsed.data;
  if (!demo.ready) return { status: 503, body: { error: 'The bot is still starting: try again in a few seconds.' } };
  const { acting } = demo.ready;
  const { workspace } = demo;
  switch (r.kind) {
    case 'type': {
      const command = /^(\/\w+)\s*([\s\S]*)$/.exec(r.text);
      if (!command) return relay(await acting.say(r.as, r.channel, r.text, r.thread));
      if (r.thread) return refused('Slash commands can’t be used in threads, as in Slack.');
      if (!Object.values(COMMANDS).includes(command[1] as never))
        return refused(`${command[1]} is not a command here.`);
      return relay(await acting.command(r.as, r.channel, command[1]!, command[2]!.trim()));
    }
    case 'react': {
      const message = workspace.find(r.channel, r.ts);
      if (!message) return refused('That message is gone.');
      return relay(await acting.react(r.as, message, r.name, r.removed));
    }
    case 'press': {
      const message = workspace.messages.find(
        (m) => m.channel === r.channel && m.ts === r.ts && (!m.onlyFor || m.onlyFor === r.as),
      );
      if (!message) return refused('That message is gone.');
      return relay(await acting.onMessage(r.as, message, r.action));
    }
    case 'press-view': {
      const home = workspace.homes.get(r.as);
      const open =
        workspace.modals.get(r.as)?.find((v) => v.id === r.viewId) ?? (home?.id === r.viewId ? home : undefined);
      if (!open) return refused('That view is closed.');
      return relay(await acting.onView(r.as, open, r.values, r.action));
    }
    case 'suggest': {
      const open = workspace.modals.get(r.as)?.find((v) => v.id === r.viewId);
      return relay(await acting.suggest(r.as, open, r));
    }
    case 'submit':
      return relay(await acting.submit(r.as, r.values));
    case 'close':
      await acting.close(r.as);
      return { status: 200, body: {} };
    case 'home':
      return relay(await acting.openHome(r.as));
    case 'dismiss':
      workspace.dismiss(r.as, r.ts);
      return { status: 200, body: {} };
    case 'digest': {
      const report = await demo.ready.digest();
      return { status: 200, body: { report } };
    }
  }
}
