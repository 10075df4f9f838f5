import type { Db } from './db/client.js';
import type { Env } from './env.js';
import type { Logger } from './logger.js';

/** What every feature's register(app, deps) is given. */
export interface Deps {
  db: Db;
  env: Env;
  log: Logger;
}
