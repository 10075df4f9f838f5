import type { Db } from './db/client';
import type { Env } from './env';
import type { Logger } from './logger';

/** What every feature's register(app, deps) is given. */
export interface Deps {
  db: Db;
  env: Env;
  log: Logger;
}
