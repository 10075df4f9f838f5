import type { Deps } from '../deps.js';
import type { SlackClients } from '../installations/clients.js';
import { owe } from '../runtime/outbox-queries.js';
import type { ButtonArgs } from '../slack/args.js';
import { EPHEMERAL } from '../slack/blocks.js';
import { workspaceOf } from '../slack/workspace.js';
import { pairIntro, pairOffer } from './blocks.js';
import { type Candidate, findOffer, pairCandidates, recordOffer } from './pairs-queries.js';

/** Each mentor gets at most one learner, and each learner goes to at most one mentor, per run. */
export function choosePairs(candidates: Candidate[]): Candidate[] {
  const taken = new Set<string>();
  const chosen: Candidate[] = [];
  for (const c of candidates) {
    const [mentor, learner] = [`${c.teamId}/${c.mentorId}`, `${c.teamId}/${c.learnerId}`];
    if (taken.has(mentor) || taken.has(learner)) continue;
    taken.add(mentor).add(learner);
    chosen.push(c);
  }
  return chosen;
}

/**
 * The weekly learning pairs, run with the digest: each mentor is DM'd at most one learner who wants
 * what they know; the offer and its DM are written in one transaction, so a rerun offers nothing twice.
 */
export async function offerLearningPairs(deps: Deps, clients: SlackClients): Promise<number> {
  let offered = 0;
  for (const c of choosePairs(await pairCandidates(deps.db))) {
    const ws = { teamId: c.teamId, enterpriseId: c.enterpriseId };
    const made = await deps.db.transaction(async (tx) => {
      if (!(await recordOffer(tx, c))) return false;
      await owe(tx, ws, [
        {
          kind: 'message',
          key: `pair:${c.teamId}:${c.mentorId}:${c.learnerId}`,
          message: { channel: c.mentorId, ...pairOffer(c) },
        },
      ]);
      return true;
    });
    if (made) offered += 1;
  }
  if (offered > 0) await deps.outbox.sweep(clients);
  return offered;
}

/** *Say hello*: a group DM of the mentor, the learner and the bot, with one introduction in it. */
export const pairHello =
  (deps: Deps) =>
  async ({ ack, body, client, context, action, respond }: ButtonArgs) => {
    await ack();
    const ws = workspaceOf({ context, body });
    const [mentorId, learnerId] = [body.user.id, action.value ?? ''];
    const offer = await findOffer(deps.db, ws.teamId, mentorId, learnerId);
    if (!offer) {
      await respond({ ...EPHEMERAL, text: "That offer isn't open any more, so I didn't start a conversation." });
      return;
    }
    const dm = await client.conversations.open({ users: `${mentorId},${learnerId}` });
    const channel = dm.channel!.id!;
    const ids = await owe(deps.db, ws, [
      {
        kind: 'message',
        key: `pair_hello:${ws.teamId}:${mentorId}:${learnerId}`,
        message: { channel, ...pairIntro(mentorId, learnerId, offer.skill) },
      },
    ]);
    await deps.outbox.deliver(client, ws, ids);
    await respond({ ...EPHEMERAL, text: `I started a conversation with <@${learnerId}> and you: <#${channel}>.` });
  };
