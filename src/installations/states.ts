import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { type InstallURLOptions, InvalidStateError, type StateStore } from '@slack/oauth';
import { and, eq, gt, lt, sql } from 'drizzle-orm';
import type { Db } from '../db/client.js';
import { oauthStates } from '../db/schema/index.js';

const STATE_TTL_MS = 10 * 60_000;

/**
 * OAuth `state` values that work once: kept in the database so any replica can finish an install
 * another one started, and deleted as they are used, so a replayed callback is refused. The
 * signature turns away forged values before the database is asked.
 */
export function stateStore(db: Db, secret: string): StateStore {
  const sign = (nonce: string) => createHmac('sha256', secret).update(nonce).digest('base64url');
  const signed = (state: string) => {
    const [nonce = '', mac = ''] = state.split('.');
    const expected = Buffer.from(sign(nonce));
    return nonce !== '' && mac.length === expected.length && timingSafeEqual(Buffer.from(mac), expected);
  };
  return {
    async generateStateParam(installOptions, now) {
      const nonce = randomBytes(24).toString('base64url');
      await db.delete(oauthStates).where(lt(oauthStates.expiresAt, sql`now()`));
      await db
        .insert(oauthStates)
        .values({ state: nonce, installOptions, expiresAt: new Date(now.getTime() + STATE_TTL_MS) });
      return `${nonce}.${sign(nonce)}`;
    },
    async verifyStateParam(now, state) {
      if (!signed(state)) throw new InvalidStateError('The state parameter is not one this app issued.');
      const [used] = await db
        .delete(oauthStates)
        .where(and(eq(oauthStates.state, state.split('.')[0]!), gt(oauthStates.expiresAt, now)))
        .returning({ installOptions: oauthStates.installOptions });
      if (!used) throw new InvalidStateError('The state parameter has expired or was already used.');
      return used.installOptions as InstallURLOptions;
    },
  };
}
