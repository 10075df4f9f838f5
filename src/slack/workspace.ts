import type { Context } from '@slack/bolt';

export interface Workspace {
  teamId: string;
  enterpriseId?: string | null;
}

type Body = { user?: { team_id?: string } | string; team?: { id?: string } | null; team_id?: string };

/**
 * The workspace a request belongs to. Org-wide (Grid) installs send interactions with
 * `team: null`, so the acting user's team is the next best; the enterprise is the last resort.
 */
export function workspaceOf({ context, body }: { context: Context; body: unknown }): Workspace {
  const b = (body ?? {}) as Body;
  const userTeam = typeof b.user === 'object' ? b.user?.team_id : undefined;
  const teamId = context.teamId ?? userTeam ?? b.team?.id ?? b.team_id ?? context.enterpriseId;
  if (!teamId) throw new Error('request carries neither a team nor an enterprise id');
  return { teamId, enterpriseId: context.enterpriseId ?? null };
}
