/**
 * The response side of the fidelity report: what the probe observed our commands answer (docs/api-fields.json,
 * written by scripts/fidelity-probe.ts) against api.json's response fields, and the object name each command answers
 * under against CloudStack's. api.json does not hold object names (`account` in `{"createaccountresponse":
 * {"account": {...}}}`): they are taken from `csObjectNames` below, else from the list command whose items have exactly
 * the same fields (its list key), else not judged.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CommandDecl } from '../packages/server/src/kernel/command.ts';
import type { ApiJson } from './api-compat.ts';

export const observedPath = resolve(import.meta.dirname, '../docs/api-fields.json');
export const probeCommand = './scripts/run-node.sh scripts/fidelity-probe.ts';

export interface ObservedCommand {
  /** Top-level field names of the answer object, every list item, or the async job's result object. */
  fields: string[];
  /** The list key or object name the answers came under. */
  names: string[];
}

export interface ObservedError {
  command: string;
  what: string;
  status: number;
  errorcode?: number;
  cserrorcode?: number;
  keys: string[];
}

export interface ObservedFile {
  note: string;
  commands: Record<string, ObservedCommand>;
  errors: ObservedError[];
  /** Wire-shape departures from CloudStack seen by the probe (wrapper, list body, async first answer, error body). */
  problems: string[];
}

export function readObserved(): ObservedFile {
  return JSON.parse(readFileSync(observedPath, 'utf8')) as ObservedFile;
}

/** Every CloudStack response carries these; they are set only in some contexts, so a missing one is no gap. */
const GENERIC_FIELDS = new Set(['jobid', 'jobstatus']);

/**
 * Object names CloudStack's commands set (`response.setObjectName`) that cannot be derived from a list command with
 * the same fields: the name differs from the list key, or no list command answers the same object.
 */
export const csObjectNames: Record<string, string> = {
  addImageStore: 'imagestore',
  addTrafficType: 'traffictype',
  associateIpAddress: 'ipaddress',
  createConsoleEndpoint: 'consoleendpoint',
  createLoadBalancerRule: 'loadbalancer',
  createNetwork: 'network',
  createPortForwardingRule: 'portforwardingrule',
  createSSHKeyPair: 'keypair',
  // ApiResponseHelper names it `vmsnapshot`; only listVMSnapshot renames its items `vmSnapshot`.
  createVMSnapshot: 'vmsnapshot',
  createVlanIpRange: 'vlan',
  // ExtractVolumeCmd, ExtractTemplateCmd and ExtractIsoCmd name their ExtractResponse after what they extract.
  extractIso: 'iso',
  extractTemplate: 'template',
  extractVolume: 'volume',
  getRouterHealthCheckResults: 'routerhealthchecks',
  getUserKeys: 'userkeys',
  getVirtualMachineUserData: 'virtualmachineuserdata',
  listCapabilities: 'capability',
  registerIso: 'iso',
  registerSSHKeyPair: 'keypair',
  registerUserData: 'userdata',
  registerUserKeys: 'userkeys',
  scaleVirtualMachine: 'virtualmachine',
  updateIso: 'iso',
  updateLoadBalancerRule: 'loadbalancer',
  updateNetwork: 'network',
  updateNetworkServiceProvider: 'networkserviceprovider',
  updateTemplate: 'template',
  startRouter: 'router',
  stopRouter: 'router',
  rebootRouter: 'router',
  destroyRouter: 'router',
};

/**
 * Commands whose real CloudStack answer is another response class than the one api.json (the Go SDK) describes: their
 * fields are judged against the named command's fields as well, and "fields we lack" against those.
 */
export const answersLike: Record<string, { like: string; why: string; /** The list key of that other answer, when it differs. */ name?: string }> = {
  scaleVirtualMachine: { like: 'listVirtualMachines', why: "CloudStack's ScaleVMCmd answers the scaled VM (UserVmResponse), though the SDK describes a success response" },
  listLoadBalancerRuleInstances: { like: 'listVirtualMachines', name: 'loadbalancerruleinstance', why: 'without `lbvmips` CloudStack lists the VMs themselves (UserVmResponse) under `loadbalancerruleinstance`; the SDK describes only the `lbvmips=true` form' },
  listTrafficTypes: { like: 'addTrafficType', why: "CloudStack's ListTrafficTypesCmd lists TrafficTypeResponse items (as addTrafficType answers), though the SDK describes ProviderResponse" },
};

/** Fields we answer that api.json does not list, each with the reason it stays. */
export const documentedExtraFields: Record<string, Record<string, string>> = {
  listIpForwardingRules: {
    startport: "CloudStack's IpForwardingRuleResponse has it though the SDK's description omits it; Apache Libcloud reads it",
    endport: "CloudStack's IpForwardingRuleResponse has it though the SDK's description omits it; Apache Libcloud reads it",
  },
};

/**
 * Differences the probe sees but does not fail on, because their fix is not a response's shape: each is a change to
 * how the kernel dispatches or serializes every command.
 */
export const knownDifferences: string[] = [
  'A create whose parameters are invalid (createVolume without size or offering) fails inside the job here (jobstatus 2, errorcode 431); CloudStack runs the create phase before queueing the job and answers HTTP 431 at once. Clients see an error either way, from a different place. (Unknown ids are refused before the job, as in CloudStack.)',
];

export interface ResponseFidelity {
  observed: boolean;
  /** CloudStack's response fields (of the real answer) the probe never saw in ours. */
  missingFields: string[];
  /** Fields we answer that CloudStack does not have, undocumented. */
  extraFields: string[];
  documentedFields: string[];
  /** The list keys or object names we answered under, and CloudStack's (empty: not known). */
  ourNames: string[];
  csNames: string[];
}

const fieldsOf = (api: ApiJson, command: string) => Object.keys(api.commands[command]?.responseFields ?? {}).filter((f) => !GENERIC_FIELDS.has(f));

/** CloudStack's object name for a command answering one object, when known. */
export function expectedObjectName(command: string, api: ApiJson): string | undefined {
  if (csObjectNames[command]) return csObjectNames[command];
  const own = fieldsOf(api, command).sort().join();
  const keys = new Set(Object.entries(api.commands).filter(([n, c]) => c.listKey && fieldsOf(api, n).sort().join() === own).map(([, c]) => c.listKey as string));
  return keys.size === 1 ? [...keys][0] : undefined;
}

export function compareResponse(decl: CommandDecl, api: ApiJson, observed: ObservedFile): ResponseFidelity {
  const seen = observed.commands[decl.name];
  const like = answersLike[decl.name]?.like;
  const own = fieldsOf(api, decl.name);
  const real = like ? fieldsOf(api, like) : own;
  const allowed = new Set([...own, ...real, ...GENERIC_FIELDS]);
  const csName = decl.response.type === 'list' ? (api.commands[decl.name]?.listKey ?? undefined) : expectedObjectName(decl.name, api);
  const csNames = [csName, answersLike[decl.name]?.name].filter((n) => n !== undefined);
  const out: ResponseFidelity = { observed: !!seen, missingFields: [], extraFields: [], documentedFields: [], ourNames: seen?.names ?? [], csNames };
  if (!seen) return out;
  // api.json describes listCapabilities' body (`capability`), not the object inside: there the names are the fields.
  const bodyLevel = csName !== undefined && own.length === 1 && own[0] === csName;
  const fields = bodyLevel ? seen.names : seen.fields;
  const have = new Set(fields);
  out.missingFields = bodyLevel ? own.filter((f) => !have.has(f)) : real.filter((f) => !have.has(f)).sort();
  for (const f of fields) {
    if (allowed.has(f)) continue;
    if (documentedExtraFields[decl.name]?.[f]) out.documentedFields.push(f);
    else out.extraFields.push(f);
  }
  return out;
}

/** The names we answered under that CloudStack does not use (none when CloudStack's are not known). */
export const wrongNames = (r: ResponseFidelity): string[] => (r.csNames.length ? r.ourNames.filter((n) => !r.csNames.includes(n)) : []);

/** The response mismatches that break clients, one line each: field names, list keys, object names, wire shapes. */
export function responseProblems(decls: readonly CommandDecl[], api: ApiJson, observed: ObservedFile): string[] {
  const out: string[] = [...observed.problems];
  for (const decl of decls) {
    if (!api.commands[decl.name]) continue;
    const r = compareResponse(decl, api, observed);
    if (r.extraFields.length) out.push(`${decl.name}: answers fields CloudStack does not have: ${r.extraFields.join(', ')} (rename them, or document them in scripts/api-compat-responses.ts)`);
    const wrongName = wrongNames(r);
    if (wrongName.length) out.push(`${decl.name}: answers under ${wrongName.join(', ')}, CloudStack under ${r.csNames.join(' or ')}`);
  }
  for (const name of Object.keys(observed.commands)) if (!decls.some((d) => d.name === name)) out.push(`${name}: observed but not declared (regenerate with ${probeCommand})`);
  return out;
}
