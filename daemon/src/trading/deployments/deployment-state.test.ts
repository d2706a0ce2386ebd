import { describe, expect, it } from 'vitest';
import {
  allowedFrom,
  checkTransition,
  COMMANDS,
  DEPLOYMENT_STATUSES,
  type DeploymentStatus,
} from './deployment-state';

describe('deployment state machine', () => {
  it.each([
    ['stopped', 'starting', 'user', true],
    ['error', 'starting', 'user', true],
    ['halted', 'starting', 'user', true],
    ['running', 'starting', 'user', false],
    ['running', 'paused', 'user', true],
    ['paused', 'running', 'user', true],
    ['starting', 'running', 'user', false],
    ['starting', 'running', 'runner', true],
    ['stopping', 'stopped', 'runner', true],
    ['stopping', 'stopped', 'user', false],
    ['running', 'error', 'runner', true],
    ['paused', 'error', 'runner', true],
    ['stopped', 'error', 'runner', false],
    ['running', 'halted', 'risk', true],
    ['running', 'halted', 'user', false],
    ['halted', 'stopping', 'user', true],
    ['stopped', 'stopping', 'user', false],
    ['running', 'stopping', 'risk', true],
  ] as const)('%s → %s by %s: %s', (from, to, actor, ok) => {
    expect(checkTransition(from, to, actor).ok).toBe(ok);
  });

  it('names who may make a move another actor tried', () => {
    const verdict = checkTransition('starting', 'running', 'user');
    expect(verdict).toEqual({ ok: false, reason: 'starting → running is for runner or recovery, not user' });
    expect(checkTransition('stopped', 'paused', 'user')).toEqual({
      ok: false,
      reason: 'no transition stopped → paused',
    });
  });

  it('lets a user make exactly the commands’ moves', () => {
    for (const command of Object.values(COMMANDS))
      expect(allowedFrom(command.to, 'user')).toEqual(
        DEPLOYMENT_STATUSES.filter((s: DeploymentStatus) => command.from.includes(s)),
      );
    expect(allowedFrom('running', 'user')).toEqual(['paused']);
    expect(allowedFrom('running', 'runner')).toEqual(['starting']);
  });
});
