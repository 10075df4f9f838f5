import { describe, expect, it } from 'vitest';
import { classifyRequest, MalformedRequest } from '../src/runtime/requests.js';

const event = (e: Record<string, unknown>) => ({ type: 'event_callback', team_id: 'T1', event_id: 'Ev1', event: e });

describe('which Slack requests go through the inbox', () => {
  it('events that may cause work are recorded under their event_id', () => {
    for (const e of [
      { type: 'reaction_added', user: 'U1' },
      { type: 'message', thread_ts: '1.0', ts: '2.0', text: 'a reply' },
      { type: 'message', subtype: 'message_deleted', deleted_ts: '1.0' },
      { type: 'app_home_opened', user: 'U1' },
    ]) {
      expect(classifyRequest(event(e))).toEqual({ key: 'Ev1', kind: 'event', teamId: 'T1' });
    }
  });

  it('a plain channel message, which causes no work, is not', () => {
    expect(classifyRequest(event({ type: 'message', ts: '1.0', text: 'hello all' }))).toBeUndefined();
  });

  it('commands, button presses and form submissions each get a key of their own', () => {
    const command = { command: '/ask', team_id: 'T1', user_id: 'U1', text: 'hi' };
    const press = { type: 'block_actions', user: { id: 'U1' }, team: { id: 'T1' }, actions: [{ action_id: 'a' }] };
    const [a, b] = [classifyRequest(command), classifyRequest(command)];
    expect(a?.kind).toBe('command');
    expect(a?.key).not.toBe(b?.key);
    expect(classifyRequest(press)).toMatchObject({ kind: 'action', teamId: 'T1' });
  });

  it('option lists (answered at once, no work) pass straight through', () => {
    expect(classifyRequest({ type: 'block_suggestion', user: { id: 'U1' }, team: { id: 'T1' } })).toBeUndefined();
  });

  it('shapes Slack never sends are refused', () => {
    expect(() => classifyRequest(event(null as never))).toThrow(MalformedRequest);
    expect(() => classifyRequest({ type: 'block_actions', team: { id: 'T1' }, actions: [] })).toThrow(MalformedRequest);
  });
});
