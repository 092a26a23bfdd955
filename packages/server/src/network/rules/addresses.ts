import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { CommandContext } from '../../kernel/command.ts';
import { errors } from '../../kernel/errors.ts';
import { assertAccess } from '../../identity/scope.ts';
import { findNetwork, type NetworkRow } from '../networks.ts';

export interface OwnedIp {
  id: string;
  address: string;
  zoneId: string;
  vlanId: string;
  accountId: string;
  domainId: string;
  domainPath: string;
  networkId: string | null;
  isSourceNat: boolean;
  staticNatVmId: string | null;
  staticNatVmIp: string | null;
}

/** The addresses accounts hold, with what their network makes of them. */
export function ownedIps(db: Kysely<Database>) {
  return db
    .selectFrom('public_ip')
    .innerJoin('domain', 'domain.id', 'public_ip.domain_id')
    .leftJoin('network_ip', 'network_ip.id', 'public_ip.id')
    .where('public_ip.state', '=', 'Allocated')
    .where('public_ip.account_id', 'is not', null);
}

/** An allocated public address the caller may act on: 431 when unknown or free, 531 when another account's. */
export async function findIpForAction(ctx: CommandContext, id: string, db: Kysely<Database> = ctx.db): Promise<OwnedIp> {
  const r = await ownedIps(db)
    .select([
      'public_ip.id',
      'public_ip.address',
      'public_ip.zone_id',
      'public_ip.vlan_id',
      'public_ip.account_id',
      'public_ip.domain_id',
      'domain.path',
      'public_ip.network_id',
      'network_ip.is_source_nat',
      'network_ip.static_nat_vm_id',
      'network_ip.static_nat_vm_ip',
    ])
    .where('public_ip.id', '=', id)
    .executeTakeFirst();
  if (!r) throw errors.notFound('public IP address', id);
  assertAccess(ctx.caller, { accountId: r.account_id as string, domainPath: r.path }, 'public IP address');
  return {
    id: r.id,
    address: r.address,
    zoneId: r.zone_id,
    vlanId: r.vlan_id,
    accountId: r.account_id as string,
    domainId: r.domain_id as string,
    domainPath: r.path,
    networkId: r.network_id,
    isSourceNat: r.is_source_nat === 1,
    staticNatVmId: r.static_nat_vm_id ?? null,
    staticNatVmIp: r.static_nat_vm_ip ?? null,
  };
}

/** The guest network a rule on this address goes to: the address's own, or 431 when it has none. */
export async function networkOfIp(db: Kysely<Database>, ip: OwnedIp): Promise<NetworkRow & { domain_path: string }> {
  if (!ip.networkId) throw errors.paramError(`Public IP address ${ip.address} is not associated with a guest network; associate it with networkid first`);
  return findNetwork(db, ip.networkId);
}

/**
 * The guest address a rule forwards to: the VM's NIC in `networkId` (`vmguestip` must be that address), checked for
 * the caller. 431 when the VM has no NIC there.
 */
export async function guestOf(ctx: CommandContext, vm: { id: string; name: string }, networkId: string, vmGuestIp?: string): Promise<string> {
  const nic = await ctx.db.selectFrom('nic').select('ip_address').where('vm_id', '=', vm.id).where('network_id', '=', networkId).executeTakeFirst();
  if (!nic) throw errors.paramError(`VM ${vm.name} has no NIC in the network of this public IP address (${networkId})`);
  if (vmGuestIp !== undefined && vmGuestIp !== nic.ip_address) throw errors.paramError(`Invalid vmguestip ${vmGuestIp}: VM ${vm.name}'s address in network ${networkId} is ${nic.ip_address}`);
  return nic.ip_address;
}
