/** The bot scopes an install asks for: the same list as manifest.yml (a test holds them together). */
export const BOT_SCOPES = [
  'commands',
  'chat:write',
  'channels:join',
  'channels:history',
  'groups:history',
  'reactions:read',
  'users:read',
  'im:write',
  'im:history',
  // An anonymous asker's *Reply to @X*: a group DM of the asker, the volunteer and the bot (conversations.open);
  // a learning pair's *Say hello*: one of the mentor, the learner and the bot.
  'mpim:write',
  // Reading a group DM back after an interrupted send (the go-with introduction, a reveal, a hello),
  // so a retry never greets the two of them twice.
  'mpim:history',
  'channels:read',
  // An admin's *Set the topic* on the ask channel (conversations.setTopic).
  'channels:manage',
  'groups:read',
  // /skills export (JSON), the talent map's charts (PNG in image blocks) and the skills matrix (CSV).
  'files:write',
];
