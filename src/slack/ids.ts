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
  /** Beside *Stop these*: no digest for four weeks; the Home tab offers *Resume* meanwhile. */
  pauseDigest: 'digest_pause',
  resumeDigest: 'digest_resume',
  /** On match DMs, match mentions and digest entries: the person's matched skill stops matching them. */
  notMyArea: 'notice_not_my_area',
  /** On the same notices: no match notices for two weeks. */
  snoozeNotices: 'notice_snooze',
  homeEditSkills: 'home_edit_skills',
  homeNewAsk: 'home_new_ask',
  /** Under an empty `/skills who`: the ask form, drafted ("Who knows kubernetes?"); value: the draft. */
  askEveryone: 'skills_ask_everyone',
  /** Shown to workspace admins only. */
  homeEditSettings: 'home_edit_settings',
  /** Type-ahead pickers over the skill catalogue (external selects). */
  pickSkills: 'skills_pick',
  pickInterests: 'interests_pick',
  pickAskSkills: 'ask_skills_pick',
  /** The talent map: lists a skill's holders in a modal; rendered as `talent_holders:<slug>` (ids unique per block). */
  talentHolders: 'talent_holders',
  /** A learning pair offered in the digest: opens a group DM of the mentor, the learner and the bot. */
  pairHello: 'pair_say_hello',
  /** The helping loop: the asker picks a volunteer (value `askId:userId`); the helper hands it back or keeps it. */
  goWith: 'ask_go_with',
  handBack: 'ask_hand_back',
  stillOnIt: 'ask_still_on_it',
  /** In the asker's check-in and expiry DMs: Mark resolved (the credit form, an expired ask too), Still looking. */
  followUpResolve: 'ask_follow_up_resolve',
  stillLooking: 'ask_still_looking',
  /** After a credit: add a skill the ask wanted to the helper's skills, or not (value: the catalogue slug). */
  addOfferedSkill: 'skill_offer_add',
  declineOfferedSkill: 'skill_offer_decline',
  /** In an anonymous asker's DM about a volunteer: opens a group DM with them, showing who asked. */
  revealToVolunteer: 'ask_reveal_to_volunteer',
  /** On the asker's confirmation: change the ask's skills (a small form), re-matching; value: the ask id. */
  editAskSkills: 'ask_edit_skills',
  /** A skill held for the asker's OK (value `askId:name`): add it and tell its people, or drop it. */
  addHeldSkill: 'ask_held_skill_add',
  dropHeldSkill: 'ask_held_skill_drop',
  /** The ⋮ menu on a broadcast ask (value `choice:askId`): anyone can open it, only the asker's choice counts. */
  askerMenu: 'ask_asker_menu',
  /** On the asker's confirmation of `/ask text`, for a minute: deletes the ask just posted. */
  undoAsk: 'ask_undo',
  /** After *Delete your ask* in the ⋮ menu: the one press that deletes it (a menu pick is easy to slip on). */
  deleteAsk: 'ask_delete',
  /** Offered to the admin who picked the ask channel: puts how to volunteer in its topic. */
  setAskTopic: 'settings_set_ask_topic',
} as const;

export const VIEWS = {
  askModal: 'ask_modal',
  skillsModal: 'skills_modal',
  settingsModal: 'settings_modal',
  /** Mark resolved by the asker: who helped, and a thank-you note. */
  creditModal: 'ask_credit_modal',
  /** *Edit skills* on the asker's confirmation: the ask's skills alone. */
  askSkillsModal: 'ask_skills_modal',
  /** The asker's *Edit* from the ⋮ menu: the ask form, filled in. */
  askEditModal: 'ask_edit_modal',
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
  /** "Ask anonymously": only while the workspace allows anonymous asks. */
  anonymous: 'anonymous',
} as const;

/** Block ids (also the action ids) inside the credit form. */
export const CREDIT_MODAL_FIELDS = {
  helpers: 'helpers',
  note: 'note',
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
  anonymousAsks: 'anonymous_asks',
  /** Enterprise Grid, org-wide installs only: match across the org's workspaces. */
  crossWorkspaceMatching: 'cross_workspace_matching',
} as const;
