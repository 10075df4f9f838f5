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
  'channels:read',
  'groups:read',
  'files:write',
];
