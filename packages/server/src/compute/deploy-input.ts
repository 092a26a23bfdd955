import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { MapEntry, Params } from '../kernel/command.ts';
import { errors } from '../kernel/errors.ts';
import type { Owner } from '../identity/index.ts';

/** CloudStack's hostname rule for VM names: an RFC 1123 label that does not start with a digit. */
export function checkVmName(name: string): string {
  if (!/^[a-zA-Z]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?$/.test(name)) {
    throw errors.paramError(
      `Invalid name ${name}. Vm name can contain ASCII letters 'a' through 'z', the digits '0' through '9', and the hyphen ('-'), must be between 1 and 63 characters long, and can't start or end with "-" and can't start with digit`,
    );
  }
  return name;
}

/** VM names are unique among an account's VMs that are not expunged (CloudStack: per network, as hostnames). */
export async function assertVmNameFree(db: Kysely<Database>, accountId: string, name: string, exceptId?: string): Promise<void> {
  let q = db.selectFrom('vm_instance').select('id').where('account_id', '=', accountId).where('name', '=', name);
  if (exceptId) q = q.where('id', '!=', exceptId);
  if (await q.executeTakeFirst()) throw errors.paramError(`A VM with name ${name} already exists in this account`);
}

/** The `i-...-VM` name the hypervisor sees: unique, and stable for the VM's life. */
export function instanceNameFor(vmId: string): string {
  return `i-${vmId.replaceAll('-', '').slice(0, 12)}-VM`;
}

/** `details[0].key=value` maps as one object (the last value of a repeated key wins). */
export function detailsMap(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of (value as MapEntry[] | undefined) ?? []) Object.assign(out, entry);
  return out;
}

export interface Sizing {
  cpuNumber: number;
  cpuSpeed: number;
  memory: number;
}

/**
 * CPU and memory of a VM from its offering, or, for a customised offering, from `details` (`cpuNumber`, `cpuSpeed`,
 * `memory`) within the offering's bounds.
 */
export function sizingOf(
  offering: { name: string; cpu_number: number | null; cpu_speed: number | null; memory: number | null; min_cpu_number: number | null; max_cpu_number: number | null; min_memory: number | null; max_memory: number | null },
  details: Record<string, string>,
): Sizing {
  const pick = (fixed: number | null, key: string, min?: number | null, max?: number | null): number => {
    if (fixed !== null) return fixed;
    const raw = details[key] ?? details[key.toLowerCase()];
    if (raw === undefined) throw errors.paramError(`Service offering ${offering.name} is customised: give details[0].${key}`);
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1) throw errors.paramError(`Invalid details[0].${key} value ${raw}: a positive integer is expected`);
    if ((min != null && n < min) || (max != null && n > max)) {
      throw errors.paramError(`details[0].${key} must be between ${min ?? 1} and ${max ?? 'unlimited'} for service offering ${offering.name}`);
    }
    return n;
  };
  return {
    cpuNumber: pick(offering.cpu_number, 'cpuNumber', offering.min_cpu_number, offering.max_cpu_number),
    cpuSpeed: pick(offering.cpu_speed, 'cpuSpeed'),
    memory: pick(offering.memory, 'memory', offering.min_memory, offering.max_memory),
  };
}

/** Key pair names of `keypair`/`keypairs`, each of which must belong to the owner. */
export async function resolveKeyPairs(db: Kysely<Database>, owner: Owner, p: Params): Promise<string | null> {
  const names = [...new Set([...((p.keypairs as string[] | undefined) ?? []), ...(p.keypair ? [p.keypair as string] : [])])];
  if (names.length === 0) return null;
  const found = await db.selectFrom('ssh_keypair').select('name').where('account_id', '=', owner.accountId).where('name', 'in', names).execute();
  const missing = names.filter((n) => !found.some((f) => f.name === n));
  if (missing.length > 0) throw errors.paramError(`A key pair with name '${missing[0]}' was not found for account ${owner.accountName}`);
  return names.join(',');
}

/** Networks and fixed addresses from `iptonetworklist`, else `networkids` (the first gets `ipaddress`). */
export function requestedNetworks(p: Params): { networkId: string; ip?: string }[] {
  const list = p.iptonetworklist as MapEntry[] | undefined;
  if (list?.length) {
    return list.map((e) => {
      const networkId = e.networkid ?? e.networkId;
      if (!networkId) throw errors.paramError('Each iptonetworklist entry needs a networkid');
      return { networkId, ip: e.ip };
    });
  }
  const ids = (p.networkids as string[] | undefined) ?? [];
  return ids.map((networkId, i) => ({ networkId, ip: i === 0 ? (p.ipaddress as string | undefined) : undefined }));
}

/** Isolated networks carry one account's VMs: the VM's owner must own the network (and the zone must match). */
export function assertNetworkFits(network: { id: string; name: string; account_id: string; zone_id: string }, owner: Owner, zoneId: string): void {
  if (network.account_id !== owner.accountId) {
    throw errors.paramError(`Network ${network.name} does not belong to account ${owner.accountName}`, [network.id]);
  }
  if (network.zone_id !== zoneId) throw errors.paramError(`Network ${network.name} is not in zone ${zoneId}`, [network.id]);
}
