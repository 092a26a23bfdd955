import { randomBytes } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { ResponseObject } from '../kernel/command.ts';
import { errors } from '../kernel/errors.ts';
import { contains, formatIp, hostRange, parseCidr, parseIp } from './cidr.ts';
import { addressesReleased, freeAddress } from './free-address.ts';

export type NicRow = Database['nic'];
type NicResponse = ResponseObject;

/** A locally administered unicast MAC: `02:00` then four random bytes. */
export function randomMac(): string {
  return ['02', '00', ...[...randomBytes(4)].map((b) => b.toString(16).padStart(2, '0'))].join(':');
}

async function freeMac(trx: Transaction<Database>): Promise<string> {
  for (;;) {
    const mac = randomMac();
    const taken = await trx.selectFrom('nic').select('id').where('mac_address', '=', mac).executeTakeFirst();
    if (!taken) return mac;
  }
}

/**
 * Places a VM in a guest network: the requested address when it is free (431 otherwise), else a free one, the lowest
 * in practice (free-address.ts; 534 when the network is full), and a new unique MAC. The network row is updated first so that two allocations in
 * one network take turns.
 */
export async function allocateNic(
  trx: Transaction<Database>,
  q: { vmId: string; networkId: string; ip?: string; isDefault: boolean; deviceId: number },
): Promise<NicRow> {
  const locked = await trx
    .updateTable('network')
    .set((eb) => ({ allocation_seq: eb('allocation_seq', '+', 1) }))
    .where('id', '=', q.networkId)
    .returning(['cidr', 'gateway', 'name'])
    .executeTakeFirst();
  if (!locked) throw errors.notFound('network', q.networkId);
  const net = parseCidr(locked.cidr);
  const gateway = parseIp(locked.gateway);
  if (!net || gateway === undefined) throw errors.unavailable(`Network ${locked.name} has no usable address range`, [q.networkId]);
  let ip: number | undefined;
  if (q.ip !== undefined) {
    ip = parseIp(q.ip);
    const { first, last } = hostRange(net);
    if (ip === undefined || !contains(net, ip) || ip < first || ip > last || ip === gateway) {
      throw errors.paramError(`IP address ${q.ip} is not a usable address of network ${locked.name} (${locked.cidr}, gateway ${locked.gateway})`);
    }
    const taken = await trx.selectFrom('nic').select('id').where('network_id', '=', q.networkId).where('ip_address', '=', formatIp(ip)).executeTakeFirst();
    if (taken) throw errors.paramError(`IP address ${q.ip} is already in use in network ${locked.name}`);
  } else {
    ip = await freeAddress(trx, q.networkId, net, gateway);
    if (ip === undefined) throw errors.unavailable(`No free IP address left in network ${locked.name} (${locked.cidr})`, [q.networkId]);
  }
  const row: NicRow = {
    id: crypto.randomUUID(),
    vm_id: q.vmId,
    network_id: q.networkId,
    ip_address: formatIp(ip),
    mac_address: await freeMac(trx),
    is_default: q.isDefault ? 1 : 0,
    device_id: q.deviceId,
    created: new Date().toISOString(),
  };
  await trx.insertInto('nic').values(row).execute();
  return row;
}

/**
 * Removes a VM's NICs and what pointed at their addresses, as CloudStack does when a VM is expunged: its port forwards
 * (with the firewall rules opened for them), its static NAT, its load balancer memberships. A reused address must not
 * inherit them. Returns the networks whose rule set changed, for `refreshRules` once the transaction is over.
 */
export async function releaseNicsOfVm(trx: Transaction<Database>, vmId: string): Promise<string[]> {
  const forwards = await trx.selectFrom('network_rule').select(['id', 'network_id']).where('vm_id', '=', vmId).where('purpose', '=', 'PortForwarding').execute();
  const nats = await trx.selectFrom('network_ip').select('network_id').where('static_nat_vm_id', '=', vmId).execute();
  const members = await trx
    .selectFrom('load_balancer_vm')
    .innerJoin('load_balancer_rule', 'load_balancer_rule.id', 'load_balancer_vm.rule_id')
    .select('load_balancer_rule.network_id')
    .where('load_balancer_vm.vm_id', '=', vmId)
    .execute();
  if (forwards.length > 0) {
    const ids = forwards.map((f) => f.id);
    await trx.deleteFrom('network_rule').where('related_id', 'in', ids).execute();
    await trx.deleteFrom('network_rule').where('id', 'in', ids).execute();
  }
  if (nats.length > 0) await trx.updateTable('network_ip').set({ static_nat_vm_id: null, static_nat_vm_ip: null }).where('static_nat_vm_id', '=', vmId).execute();
  await trx.deleteFrom('load_balancer_vm').where('vm_id', '=', vmId).execute();
  addressesReleased(await trx.deleteFrom('nic').where('vm_id', '=', vmId).returning(['network_id', 'ip_address']).execute());
  return [...new Set([...forwards, ...nats, ...members].map((r) => r.network_id))];
}

/** NIC response objects as listNics and a VM's `nic[]` show them. */
export async function nicResponses(db: Kysely<Database>, nics: NicRow[]): Promise<NicResponse[]> {
  if (nics.length === 0) return [];
  const networks = await db
    .selectFrom('network')
    .select(['id', 'name', 'netmask', 'gateway', 'guest_type'])
    .where('id', 'in', [...new Set(nics.map((n) => n.network_id))])
    .execute();
  const byId = new Map(networks.map((n) => [n.id, n]));
  return nics.map((n) => {
    const net = byId.get(n.network_id);
    return {
      id: n.id,
      networkid: n.network_id,
      networkname: net?.name,
      netmask: net?.netmask,
      gateway: net?.gateway,
      ipaddress: n.ip_address,
      macaddress: n.mac_address,
      isdefault: n.is_default === 1,
      deviceid: String(n.device_id),
      traffictype: 'Guest',
      type: net?.guest_type,
      virtualmachineid: n.vm_id,
    };
  });
}

export async function nicsOfVms(db: Kysely<Database>, vmIds: string[]): Promise<Map<string, NicResponse[]>> {
  const result = new Map<string, NicResponse[]>();
  if (vmIds.length === 0) return result;
  const rows = await db.selectFrom('nic').selectAll().where('vm_id', 'in', vmIds).orderBy('device_id').execute();
  for (const r of await nicResponses(db, rows)) {
    const vmId = r.virtualmachineid as string;
    const list = result.get(vmId) ?? [];
    list.push(r);
    result.set(vmId, list);
  }
  return result;
}
