import type { AgentCommandKind } from '@nimbus/protocol';
import { prepareDownload } from './download.ts';
import type { Handler } from './handler.ts';
import { getHostStats, pingHost, readyHost } from './host.ts';
import { applyNetworkRules, destroyNetwork, setNetworkPeers, setupNetwork } from './network-rules.ts';
import { checkRouterHealth } from './router-health.ts';
import { createSnapshot, createVolumeFromSnapshot, deleteSnapshot, revertSnapshot } from './snapshot.ts';
import { createVmSnapshot, deleteVmSnapshot, revertVmSnapshot } from './vm-snapshot.ts';
import { getVmStats, migrateVm, prepareMigration, rebootVm, startVm, stopVm } from './vm.ts';
import { attachVolume, createVolume, deleteVolume, detachVolume, resizeVolume } from './volume.ts';

/** One handler per agent command: the type makes a new command kind without a handler a compile error. */
export const handlers: { [K in AgentCommandKind]: Handler<K> } = {
  PingHost: pingHost,
  ReadyHost: readyHost,
  GetHostStats: getHostStats,
  StartVm: startVm,
  StopVm: stopVm,
  RebootVm: rebootVm,
  PrepareMigration: prepareMigration,
  MigrateVm: migrateVm,
  GetVmStats: getVmStats,
  CreateVolume: createVolume,
  DeleteVolume: deleteVolume,
  ResizeVolume: resizeVolume,
  AttachVolume: attachVolume,
  DetachVolume: detachVolume,
  CreateSnapshot: createSnapshot,
  DeleteSnapshot: deleteSnapshot,
  RevertSnapshot: revertSnapshot,
  CreateVolumeFromSnapshot: createVolumeFromSnapshot,
  CreateVmSnapshot: createVmSnapshot,
  RevertVmSnapshot: revertVmSnapshot,
  DeleteVmSnapshot: deleteVmSnapshot,
  ApplyNetworkRules: applyNetworkRules,
  SetupNetwork: setupNetwork,
  DestroyNetwork: destroyNetwork,
  SetNetworkPeers: setNetworkPeers,
  CheckRouterHealth: checkRouterHealth,
  PrepareDownload: prepareDownload,
};
