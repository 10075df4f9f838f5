import type { Db } from './db/client.js';
import type { Env } from './env.js';
import type { Logger } from './logger.js';
import type { Outbox } from './runtime/outbox.js';

/** What work outside the bot process (npm run digest) needs: the database, configuration, logs. */
export interface Basics {
  db: Db;
  env: Env;
  log: Logger;
}

/** What every feature's register(app, deps) is given: with the outbox that delivers what is owed. */
export interface Deps extends Basics {
  outbox: Outbox;
}
