import { errors } from '../kernel/errors.ts';

/** CloudStack's VM states (VirtualMachine.State); clients such as libcloud know no others. */
export const VmState = {
  Stopped: 'Stopped',
  Starting: 'Starting',
  Running: 'Running',
  Stopping: 'Stopping',
  Migrating: 'Migrating',
  Destroyed: 'Destroyed',
  Expunging: 'Expunging',
  Error: 'Error',
} as const;
export type VmState = (typeof VmState)[keyof typeof VmState];

/** What happens to a VM: a request moves it into a transitional state, the outcome out of it. */
export type VmEvent =
  | 'StartRequested'
  | 'StopRequested'
  | 'MigrationRequested'
  | 'DestroyRequested'
  | 'RecoveryRequested'
  | 'ExpungeRequested'
  | 'OperationSucceeded'
  | 'OperationFailed';

const transitions: Record<VmState, Partial<Record<VmEvent, VmState>>> = {
  Stopped: { StartRequested: 'Starting', DestroyRequested: 'Destroyed' },
  Starting: { OperationSucceeded: 'Running', OperationFailed: 'Stopped' },
  Running: { StopRequested: 'Stopping', MigrationRequested: 'Migrating', DestroyRequested: 'Stopping' },
  Stopping: { OperationSucceeded: 'Stopped', OperationFailed: 'Running' },
  Migrating: { OperationSucceeded: 'Running', OperationFailed: 'Running' },
  Destroyed: { RecoveryRequested: 'Stopped', ExpungeRequested: 'Expunging' },
  Expunging: { OperationFailed: 'Expunging' },
  Error: { DestroyRequested: 'Destroyed', ExpungeRequested: 'Expunging' },
};

/** Every state CloudStack reports; anything else in the table is a bug. */
export const vmStates: readonly VmState[] = Object.keys(transitions) as VmState[];

/** States a job passes through; a job touching a VM records the state to return to if it dies in one. */
export function isTransitional(state: string): boolean {
  return state === 'Starting' || state === 'Stopping' || state === 'Migrating' || state === 'Expunging';
}

/** The state `event` leads to from `state`, or undefined when the machine forbids it. */
export function nextState(state: string, event: VmEvent): VmState | undefined {
  return transitions[state as VmState]?.[event];
}

const doing: Record<VmEvent, string> = {
  StartRequested: 'start',
  StopRequested: 'stop',
  MigrationRequested: 'migrate',
  DestroyRequested: 'destroy',
  RecoveryRequested: 'recover',
  ExpungeRequested: 'expunge',
  OperationSucceeded: 'complete an operation on',
  OperationFailed: 'fail an operation on',
};

/** Like `nextState`, but a forbidden move is the 431 CloudStack answers, naming the VM's state. */
export function transition(vm: { id: string; name: string; state: string }, event: VmEvent): VmState {
  const next = nextState(vm.state, event);
  if (!next) throw errors.paramError(`Unable to ${doing[event]} VM ${vm.name}: it is in state ${vm.state}`, [vm.id]);
  return next;
}
