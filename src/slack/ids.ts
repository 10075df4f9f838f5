/** Every name Slack sees: the manifest test checks these against manifest.yml. */
export const COMMANDS = {
  ask: '/ask',
} as const;

export const ACTIONS = {
  volunteer: 'ask_volunteer',
  withdraw: 'ask_withdraw',
  resolve: 'ask_resolve',
} as const;

export const VIEWS = {
  askModal: 'ask_modal',
} as const;

export const EVENTS = {
  reactionAdded: 'reaction_added',
  reactionRemoved: 'reaction_removed',
  message: 'message',
  userChange: 'user_change',
  appUninstalled: 'app_uninstalled',
  tokensRevoked: 'tokens_revoked',
} as const;

/** Block and action ids inside the /ask modal. */
export const ASK_MODAL_FIELDS = {
  need: 'need',
  details: 'details',
  deadline: 'deadline',
} as const;
