import type { AgentCommandKind } from '@nimbus/protocol';
import { prepareDownload } from './download.ts';
import type { AgentHandler } from './handler.ts';
import { getHostStats, pingHost, readyHost } from './host.ts';
import { destroyNetwork, setNetworkPeers, setupNetwork } from './network.ts';
import { applyNetworkRules } from './network-rules.ts';
import { checkRouterHealth } from './router-health.ts';
import { unsupported } from './unsupported.ts';
import { getVmStats, migrateVm, prepareMigration, rebootVm, startVm, stopVm } from './vm.ts';
import { attachVolume, createVolume, createVolumeFromSnapshot, deleteVolume, detachVolume, resizeVolume } from './volume.ts';

/** One handler per agent command: a new command kind without a handler here is a compile error. */
export const handlers: { [K in AgentCommandKind]: AgentHandler<K> } = {
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
  CreateSnapshot: unsupported('CreateSnapshot'),
  DeleteSnapshot: unsupported('DeleteSnapshot'),
  RevertSnapshot: unsupported('RevertSnapshot'),
  CreateVolumeFromSnapshot: createVolumeFromSnapshot,
  CreateVmSnapshot: unsupported('CreateVmSnapshot'),
  RevertVmSnapshot: unsupported('RevertVmSnapshot'),
  DeleteVmSnapshot: unsupported('DeleteVmSnapshot'),
  ApplyNetworkRules: applyNetworkRules,
  SetupNetwork: setupNetwork,
  DestroyNetwork: destroyNetwork,
  SetNetworkPeers: setNetworkPeers,
  CheckRouterHealth: checkRouterHealth,
  PrepareDownload: prepareDownload,
};
