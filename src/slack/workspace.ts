import type { Context } from '@slack/bolt';

export interface Workspace {
  teamId: string;
  enterpriseId?: string | null;
}

/** The workspace a request belongs to; org-wide installs without a team fall back to the enterprise. */
export function workspaceOf(context: Context): Workspace {
  const teamId = context.teamId ?? context.enterpriseId;
  if (!teamId) throw new Error('request carries neither a team nor an enterprise id');
  return { teamId, enterpriseId: context.enterpriseId ?? null };
}
