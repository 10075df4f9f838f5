import { boolean, index, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * Bolt installations, one per workspace or, for an org-wide Grid install, one per enterprise.
 * `key` is `team:T…` or `enterprise:E…`, so a lookup never has to reason about nulls.
 */
export const installations = pgTable(
  'installations',
  {
    key: text('key').primaryKey(),
    teamId: text('team_id'),
    enterpriseId: text('enterprise_id'),
    isEnterpriseInstall: boolean('is_enterprise_install').notNull().default(false),
    /** The whole Installation as Bolt hands it over, tokens included; Bolt reads it back as is. */
    installation: jsonb('installation').notNull(),
    installedAt: timestamp('installed_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('installations_enterprise_idx').on(t.enterpriseId)],
);

/** OAuth `state` values handed out by /slack/install: each is good once, for ten minutes. */
export const oauthStates = pgTable('oauth_states', {
  state: text('state').primaryKey(),
  installOptions: jsonb('install_options').notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
});
