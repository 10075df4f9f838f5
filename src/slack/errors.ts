import {
  type AnyMiddlewareArgs,
  type App,
  type CodedError,
  type Context,
  ErrorCode,
  type Middleware,
} from '@slack/bolt';
import { NotInstalled } from '../installations/store.js';
import type { Logger } from '../logger.js';
import { EPHEMERAL } from './blocks.js';

/** An error the user caused or can fix; its message is shown to them as it is. */
export class UserError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export class AskNotFound extends UserError {
  constructor() {
    super('ask_not_found', "I can't find that ask any more; it may have been deleted.");
  }
}

export class NotAsker extends UserError {
  /** askerId: undefined for an anonymous ask, whose asker is named to nobody. */
  constructor(askerId?: string) {
    const asker = askerId ? ` (<@${askerId}>)` : '';
    super('not_asker', `Only the asker${asker} or a workspace admin can resolve this ask.`);
  }
}

export class NotAdmin extends UserError {
  constructor() {
    super('not_admin', 'Only workspace admins and owners can change the workspace settings. Nothing was changed.');
  }
}

export class CannotPost extends UserError {
  constructor(message: string) {
    super('cannot_post', message);
  }
}

export class UnknownPerson extends UserError {
  constructor(message: string) {
    super('unknown_person', message);
  }
}

export const TRY_AGAIN = 'Sorry, something went wrong on our side and nothing was saved. Please try again in a minute.';

type Body = Record<string, unknown> & {
  response_url?: string;
  type?: string;
  user?: { id?: string } | string;
  user_id?: string;
  event?: { type?: string };
};

function rootCause(error: CodedError): Error {
  if (error.originals?.length === 1) return error.originals[0]!;
  return error.original ?? error;
}

const NOT_INSTALLED =
  'Who Can Help is not installed in this workspace (any more), so nothing was done. ' +
  'A workspace admin can add it again.';

/** Somewhere down the chain of causes, no installation was found (rather than, say, the database failing). */
function isNotInstalled(error: unknown): boolean {
  for (
    let e = error as { original?: unknown; cause?: unknown } | undefined;
    e;
    e = (e.original ?? e.cause) as typeof e
  ) {
    if (e instanceof NotInstalled) return true;
  }
  return false;
}

async function tell(responseUrl: string, text: string): Promise<void> {
  const res = await fetch(responseUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...EPHEMERAL, text }),
  });
  if (!res.ok) throw new Error(`response_url answered ${res.status}`);
}

/** Turns user errors into friendly ephemeral text and logs the rest, telling the user to try again. */
async function report(app: App, log: Logger, error: CodedError | Error, body: unknown, context: Context | undefined) {
  const b = (body ?? {}) as Body;
  if ((error as CodedError).code === ErrorCode.AuthorizationError && isNotInstalled(error)) {
    // Not installed there (any more): Slack gets its 200, so it stops retrying, and nothing runs.
    const team = (b.team_id ??
      (b.team as { id?: string } | undefined)?.id ??
      (b.enterprise_id as string | undefined)) as string | undefined;
    log.warn(
      { teamId: team, type: b.type, event: b.event?.type },
      'ignored a request from a workspace the app is not installed in',
    );
    if (b.response_url) await tell(b.response_url, NOT_INSTALLED).catch(() => {});
    return;
  }
  if ((error as CodedError).code === ErrorCode.AuthorizationError && b.type === 'event_callback') {
    // The installation could not be read (the database is down, say). Bolt would answer 200 and
    // Slack would never send the event again; failing the delivery makes Slack retry it.
    log.warn({ err: error, type: b.type, event: b.event?.type }, 'could not authorize an event; Slack will retry it');
    throw error;
  }
  const err = rootCause(error as CodedError);
  const teamId = context?.teamId;
  const isUserError = err instanceof UserError;
  if (isUserError) log.info({ code: err.code, teamId, type: b.type }, 'user error');
  else log.error({ err, teamId, type: b.type, event: b.event?.type }, 'listener failed');

  const text = isUserError ? err.message : TRY_AGAIN;
  const userId = typeof b.user === 'string' ? b.user : (b.user?.id ?? b.user_id);
  try {
    if (b.response_url) {
      await tell(b.response_url, text);
    } else if ((b.type === 'view_submission' || b.type === 'block_actions') && userId) {
      // A form, or a button on the Home tab: no response_url, so a DM.
      await app.client.chat.postMessage({ token: context?.botToken, channel: userId, text });
    }
  } catch (tellErr) {
    log.warn({ err: tellErr, teamId }, 'could not tell the user about an error');
  }
}

/**
 * The one error handler, as the outermost listener-facing middleware (so in-flight tracking
 * covers telling the user) and as Bolt's app.error for anything raised before it.
 */
export function handleErrors(app: App, log: Logger): Middleware<AnyMiddlewareArgs> {
  app.error(async ({ error, body, context }: { error: CodedError; body: unknown; context: Context }) =>
    report(app, log, error, body, context),
  );
  return async ({ next, body, context }) => {
    try {
      await next();
    } catch (error) {
      await report(app, log, error as Error, body, context);
    }
  };
}

/** The `error` string of a Slack Web API platform error (e.g. not_in_channel), if that is what this is. */
export function slackErrorCode(err: unknown): string | undefined {
  const e = err as { code?: string; data?: { error?: string } };
  return e?.code === 'slack_webapi_platform_error' ? e.data?.error : undefined;
}
