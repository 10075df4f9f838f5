import { randomUUID } from 'node:crypto';
import { z } from 'zod';

/** A signed request whose shape Slack never sends: answered 400, and nothing runs. */
export class MalformedRequest extends Error {
  constructor(readonly what: string) {
    super(`malformed Slack request: ${what}`);
  }
}

export type RequestKind = 'event' | 'command' | 'action' | 'view' | 'shortcut';

/** A request that causes work: written to the inbox under `key` before it is acknowledged. */
export interface InboxItem {
  key: string;
  kind: RequestKind;
  teamId: string;
}

const id = z.string().min(1);
const eventCallback = z.object({
  event_id: id,
  team_id: id.optional(),
  enterprise_id: id.nullish(),
  authorizations: z.array(z.object({ team_id: id.nullish(), enterprise_id: id.nullish() })).optional(),
  event: z.object({ type: id }).passthrough(),
});
const command = z.object({ command: id, team_id: id, user_id: id });
const interaction = z.object({
  user: z.object({ id, team_id: id.optional() }),
  team: z.object({ id }).nullish(),
  enterprise: z.object({ id }).nullish(),
});
const blockActions = interaction.extend({ actions: z.array(z.object({ action_id: id }).passthrough()).min(1) });
const viewPayload = interaction.extend({ view: z.object({ id }).passthrough() });

const kinds: Record<string, [RequestKind, z.ZodType<z.infer<typeof interaction>>]> = {
  block_actions: ['action', blockActions],
  view_submission: ['view', viewPayload],
  view_closed: ['view', viewPayload],
  shortcut: ['shortcut', interaction],
  message_action: ['shortcut', interaction],
};

function parsed<T>(schema: z.ZodType<T>, body: unknown, what: string): T {
  const result = schema.safeParse(body);
  if (!result.success) throw new MalformedRequest(what);
  return result.data;
}

/**
 * What a request body is, for the inbox: an item to record, or `undefined` for requests that
 * only read (option lists, which must answer at once) or that Bolt ignores anyway. Throws
 * MalformedRequest for a body Bolt would crash on.
 */
export function classifyRequest(body: unknown): InboxItem | undefined {
  if (typeof body !== 'object' || body === null) throw new MalformedRequest('not an object');
  const b = body as Record<string, unknown>;
  if (b.type === 'event_callback') {
    const e = parsed(eventCallback, body, 'event_callback without an event');
    // A plain channel message (not in a thread, not an edit or deletion) causes no work: most of
    // what a busy workspace sends, acknowledged without a write.
    const { type, thread_ts, subtype } = e.event as { type: string; thread_ts?: unknown; subtype?: unknown };
    if (type === 'message' && thread_ts === undefined && subtype === undefined) return undefined;
    const auth = e.authorizations?.[0];
    const teamId = e.team_id ?? auth?.team_id ?? e.enterprise_id ?? auth?.enterprise_id ?? 'unknown';
    return { key: e.event_id, kind: 'event', teamId };
  }
  if (typeof b.command === 'string') {
    const c = parsed(command, body, 'slash command without a team or user');
    return { key: `command:${randomUUID()}`, kind: 'command', teamId: c.team_id };
  }
  const known = typeof b.type === 'string' ? kinds[b.type] : undefined;
  if (!known) return undefined;
  const [kind, schema] = known;
  const i = parsed(schema, body, `${b.type} without a user, team or action`);
  const teamId = i.team?.id ?? i.user.team_id ?? i.enterprise?.id;
  if (!teamId) throw new MalformedRequest(`${b.type} without a team`);
  return { key: `${kind}:${randomUUID()}`, kind, teamId };
}
