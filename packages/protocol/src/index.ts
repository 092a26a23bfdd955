/** Typed messages between the management server and host agents (simulator in-process, KVM over WebSocket). */
export * from './common.ts';
export * from './commands.ts';
export * from './host.ts';
export * from './network-rules.ts';
export * from './snapshot.ts';
export * from './vm.ts';
export * from './vm-snapshot.ts';
export * from './volume.ts';
export * from './network.ts';
export * from './serial.ts';
export * from './download.ts';
export * as wire from './wire.ts';
