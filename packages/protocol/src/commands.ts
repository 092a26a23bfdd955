import { z } from 'zod';
import { Failure } from './common.ts';
import * as download from './download.ts';
import * as host from './host.ts';
import * as network from './network.ts';
import * as networkRules from './network-rules.ts';
import * as snapshot from './snapshot.ts';
import * as vm from './vm.ts';
import * as vmSnapshot from './vm-snapshot.ts';
import * as volume from './volume.ts';

/** Every command a host agent answers, by kind. */
export const commandSchemas = {
  PingHost: host.PingHost,
  ReadyHost: host.ReadyHost,
  GetHostStats: host.GetHostStats,
  StartVm: vm.StartVm,
  StopVm: vm.StopVm,
  RebootVm: vm.RebootVm,
  PrepareMigration: vm.PrepareMigration,
  MigrateVm: vm.MigrateVm,
  GetVmStats: vm.GetVmStats,
  CreateVolume: volume.CreateVolume,
  DeleteVolume: volume.DeleteVolume,
  ResizeVolume: volume.ResizeVolume,
  AttachVolume: volume.AttachVolume,
  DetachVolume: volume.DetachVolume,
  CreateSnapshot: snapshot.CreateSnapshot,
  DeleteSnapshot: snapshot.DeleteSnapshot,
  RevertSnapshot: snapshot.RevertSnapshot,
  CreateVolumeFromSnapshot: snapshot.CreateVolumeFromSnapshot,
  CreateVmSnapshot: vmSnapshot.CreateVmSnapshot,
  RevertVmSnapshot: vmSnapshot.RevertVmSnapshot,
  DeleteVmSnapshot: vmSnapshot.DeleteVmSnapshot,
  ApplyNetworkRules: networkRules.ApplyNetworkRules,
  SetupNetwork: network.SetupNetwork,
  DestroyNetwork: network.DestroyNetwork,
  SetNetworkPeers: network.SetNetworkPeers,
  CheckRouterHealth: network.CheckRouterHealth,
  PrepareDownload: download.PrepareDownload,
} as const;

/** What a successful answer to each kind carries (besides `ok: true`). */
export const answerSchemas = {
  PingHost: host.PingHostAnswer,
  ReadyHost: host.ReadyHostAnswer,
  GetHostStats: host.GetHostStatsAnswer,
  StartVm: vm.StartVmAnswer,
  StopVm: vm.StopVmAnswer,
  RebootVm: vm.RebootVmAnswer,
  PrepareMigration: vm.PrepareMigrationAnswer,
  MigrateVm: vm.MigrateVmAnswer,
  GetVmStats: vm.GetVmStatsAnswer,
  CreateVolume: volume.CreateVolumeAnswer,
  DeleteVolume: volume.DeleteVolumeAnswer,
  ResizeVolume: volume.ResizeVolumeAnswer,
  AttachVolume: volume.AttachVolumeAnswer,
  DetachVolume: volume.DetachVolumeAnswer,
  CreateSnapshot: snapshot.CreateSnapshotAnswer,
  DeleteSnapshot: snapshot.DeleteSnapshotAnswer,
  RevertSnapshot: snapshot.RevertSnapshotAnswer,
  CreateVolumeFromSnapshot: snapshot.CreateVolumeFromSnapshotAnswer,
  CreateVmSnapshot: vmSnapshot.CreateVmSnapshotAnswer,
  RevertVmSnapshot: vmSnapshot.RevertVmSnapshotAnswer,
  DeleteVmSnapshot: vmSnapshot.DeleteVmSnapshotAnswer,
  ApplyNetworkRules: networkRules.ApplyNetworkRulesAnswer,
  SetupNetwork: network.SetupNetworkAnswer,
  DestroyNetwork: network.DestroyNetworkAnswer,
  SetNetworkPeers: network.SetNetworkPeersAnswer,
  CheckRouterHealth: network.CheckRouterHealthAnswer,
  PrepareDownload: download.PrepareDownloadAnswer,
} as const satisfies Record<keyof typeof commandSchemas, z.ZodObject>;

export type AgentCommandKind = keyof typeof commandSchemas;
export type CommandOfKind<K extends AgentCommandKind> = z.infer<(typeof commandSchemas)[K]>;
export type AgentCommand = { [K in AgentCommandKind]: CommandOfKind<K> }[AgentCommandKind];

/** zod types an empty object as `Record<string, never>`, which would make `ok` itself `never`: keep named fields only. */
type Fields<T> = { [P in keyof T as string extends P ? never : P]: T[P] };
/** The successful answer to command `C`. */
export type AnswerOf<C extends AgentCommand> = { ok: true } & Fields<z.infer<(typeof answerSchemas)[C['kind']]>>;
/** What an agent sends back for command `C`: its answer, or a failure saying why. */
export type ReplyOf<C extends AgentCommand> = AnswerOf<C> | Failure;
/** A reply to any command, before it is matched to its command. */
export type AgentReply = ReplyOf<AgentCommand>;

export const AgentCommand = z.discriminatedUnion('kind', Object.values(commandSchemas) as unknown as [z.ZodObject, ...z.ZodObject[]]);

/** A command as it arrives over the wire, checked; throws a readable error naming what is wrong. */
export function parseCommand(value: unknown): AgentCommand {
  const r = AgentCommand.safeParse(value);
  if (!r.success) throw new Error(`invalid agent command: ${z.prettifyError(r.error)}`);
  return r.data as AgentCommand;
}

/** A reply to a command of `kind` as it arrives over the wire, checked. */
export function parseReply<C extends AgentCommand>(kind: C['kind'], value: unknown): ReplyOf<C> {
  const failed = (value as { ok?: unknown } | null)?.ok === false;
  const schema = failed ? Failure : answerSchemas[kind].extend({ ok: z.literal(true) });
  const r = schema.safeParse(value);
  if (!r.success) throw new Error(`invalid answer to ${kind}: ${z.prettifyError(r.error)}`);
  return r.data as ReplyOf<C>;
}
