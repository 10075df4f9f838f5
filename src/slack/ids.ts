/** Every name Slack sees: the manifest test checks these against manifest.yml. */
export const COMMANDS = {
  ask: '/ask',
  skills: '/skills',
} as const;

export const ACTIONS = {
  volunteer: 'ask_volunteer',
  withdraw: 'ask_withdraw',
  resolve: 'ask_resolve',
  forgetMe: 'skills_forget_me',
  stopDigest: 'digest_stop',
  homeEditSkills: 'home_edit_skills',
  homeNewAsk: 'home_new_ask',
  /** Shown to workspace admins only. */
  homeEditSettings: 'home_edit_settings',
  /** Type-ahead pickers over the skill catalogue (external selects). */
  pickSkills: 'skills_pick',
  pickInterests: 'interests_pick',
  pickAskSkills: 'ask_skills_pick',
} as const;

export const VIEWS = {
  askModal: 'ask_modal',
  skillsModal: 'skills_modal',
  settingsModal: 'settings_modal',
} as const;

export const EVENTS = {
  reactionAdded: 'reaction_added',
  reactionRemoved: 'reaction_removed',
  message: 'message',
  userChange: 'user_change',
  appUninstalled: 'app_uninstalled',
  tokensRevoked: 'tokens_revoked',
  appHomeOpened: 'app_home_opened',
  channelArchive: 'channel_archive',
  groupArchive: 'group_archive',
} as const;

/** Block and action ids inside the /ask modal. */
export const ASK_MODAL_FIELDS = {
  need: 'need',
  details: 'details',
  deadline: 'deadline',
  skills: 'skills',
  /** Only when the form was opened away from any channel (the Home tab) and no ask channel is set. */
  channel: 'channel',
} as const;

/** Block ids inside the /skills modal. */
export const SKILLS_MODAL_FIELDS = {
  skills: 'skills',
  skillsFree: 'skills_free',
  interests: 'interests',
  interestsFree: 'interests_free',
} as const;

/** Block ids (also the action ids) inside the workspace settings modal. */
export const SETTINGS_MODAL_FIELDS = {
  askChannel: 'ask_channel',
  volunteerReaction: 'volunteer_reaction',
  guestsMayAsk: 'guests_may_ask',
} as const;
