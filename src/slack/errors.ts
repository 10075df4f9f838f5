import type { App, CodedError, Context } from '@slack/bolt';
import type { Logger } from '../logger';

/** An error the user caused or can fix; its message is shown to them as it is. */
export class UserError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export const TRY_AGAIN = "Sorry, something went wrong on our side and nothing was saved. Please try again in a minute.";

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

/** One handler for every listener: user errors become friendly ephemeral text, the rest are logged. */
export function installErrorHandler(app: App, log: Logger): void {
  app.error(async ({ error, body, context }: { error: CodedError; body: unknown; context: Context }) => {
    const err = rootCause(error);
    const b = (body ?? {}) as Body;
    const teamId = context?.teamId;
    const isUserError = err instanceof UserError;
    if (isUserError) log.info({ code: err.code, teamId, type: b.type }, 'user error');
    else log.error({ err, teamId, type: b.type, event: b.event?.type }, 'listener failed');

    const text = isUserError ? err.message : TRY_AGAIN;
    const userId = typeof b.user === 'string' ? b.user : (b.user?.id ?? b.user_id);
    try {
      if (b.response_url) {
        const res = await fetch(b.response_url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ response_type: 'ephemeral', replace_original: false, text }),
        });
        if (!res.ok) throw new Error(`response_url answered ${res.status}`);
      } else if (b.type === 'view_submission' && userId) {
        await app.client.chat.postMessage({ token: context?.botToken, channel: userId, text });
      }
    } catch (tellErr) {
      log.warn({ err: tellErr, teamId }, 'could not tell the user about an error');
    }
  });
}

/** The `error` string of a Slack Web API platform error (e.g. not_in_channel), if that is what this is. */
export function slackErrorCode(err: unknown): string | undefined {
  const e = err as { code?: string; data?: { error?: string } };
  return e?.code === 'slack_webapi_platform_error' ? e.data?.error : undefined;
}
