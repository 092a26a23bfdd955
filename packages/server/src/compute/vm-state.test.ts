import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiError } from '../kernel/errors.ts';
import { isTransitional, nextState, transition, vmStates } from './vm-state.ts';

describe('VM state machine', () => {
  it('lists exactly the states CloudStack clients accept', () => {
    assert.deepEqual([...vmStates].sort(), ['Destroyed', 'Error', 'Expunging', 'Migrating', 'Running', 'Starting', 'Stopped', 'Stopping']);
  });

  it('walks the lifecycle: start, stop, destroy, recover, expunge', () => {
    assert.equal(nextState('Stopped', 'StartRequested'), 'Starting');
    assert.equal(nextState('Starting', 'OperationSucceeded'), 'Running');
    assert.equal(nextState('Starting', 'OperationFailed'), 'Stopped');
    assert.equal(nextState('Running', 'StopRequested'), 'Stopping');
    assert.equal(nextState('Stopping', 'OperationSucceeded'), 'Stopped');
    assert.equal(nextState('Stopping', 'OperationFailed'), 'Running');
    assert.equal(nextState('Running', 'MigrationRequested'), 'Migrating');
    assert.equal(nextState('Migrating', 'OperationFailed'), 'Running');
    assert.equal(nextState('Stopped', 'DestroyRequested'), 'Destroyed');
    assert.equal(nextState('Destroyed', 'RecoveryRequested'), 'Stopped');
    assert.equal(nextState('Destroyed', 'ExpungeRequested'), 'Expunging');
    assert.equal(nextState('Error', 'DestroyRequested'), 'Destroyed');
  });

  it('forbids moves CloudStack forbids', () => {
    assert.equal(nextState('Running', 'StartRequested'), undefined);
    assert.equal(nextState('Stopped', 'StopRequested'), undefined);
    assert.equal(nextState('Running', 'RecoveryRequested'), undefined);
    assert.equal(nextState('Running', 'ExpungeRequested'), undefined);
    assert.equal(nextState('Stopped', 'ExpungeRequested'), undefined, 'only a destroyed VM is expunged');
    assert.equal(nextState('Destroyed', 'StartRequested'), undefined);
    assert.equal(nextState('Expunging', 'RecoveryRequested'), undefined);
    assert.equal(nextState('Nonsense', 'StartRequested'), undefined);
  });

  it('answers a forbidden move with a 431 naming the state', () => {
    assert.throws(
      () => transition({ id: 'x', name: 'web', state: 'Destroyed' }, 'StartRequested'),
      (e: unknown) => e instanceof ApiError && e.errorcode === 431 && /start VM web: it is in state Destroyed/.test(e.message),
    );
    assert.equal(transition({ id: 'x', name: 'web', state: 'Stopped' }, 'StartRequested'), 'Starting');
  });

  it('knows the transitional states a restart must undo', () => {
    assert.deepEqual(vmStates.filter(isTransitional).sort(), ['Expunging', 'Migrating', 'Starting', 'Stopping']);
  });
});
