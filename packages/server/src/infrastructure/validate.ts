import { sql, type Kysely, type SqlBool } from 'kysely';
import type { Database } from '../db/schema.ts';
import { errors } from '../kernel/errors.ts';
import { ipToNumber, isCidr, isIpv4, isNetmask, sameSubnet } from './ip.ts';

/** Checks an optional IPv4 parameter; returns it unchanged. */
export function ipParam(command: string, name: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (!isIpv4(String(value))) throw errors.invalidParam(command, name, String(value), 'not a valid IPv4 address');
  return String(value);
}

export function netmaskParam(command: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (!isNetmask(String(value))) throw errors.invalidParam(command, 'netmask', String(value), 'not a valid netmask');
  return String(value);
}

export function cidrParam(command: string, name: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (!isCidr(String(value))) throw errors.invalidParam(command, name, String(value), 'not a valid CIDR such as 10.1.1.0/24');
  return String(value);
}

/** A start/end range under a gateway and netmask: all three in one subnet, start not after end. */
export function checkRange(r: { gateway: string; netmask: string; startip: string; endip: string }): void {
  if (!sameSubnet(r.startip, r.gateway, r.netmask) || !sameSubnet(r.endip, r.gateway, r.netmask)) {
    throw errors.paramError(`The start and end IPs ${r.startip}-${r.endip} must be in the subnet of gateway ${r.gateway}/${r.netmask}`);
  }
  if (ipToNumber(r.startip) > ipToNumber(r.endip)) throw errors.paramError(`The start IP ${r.startip} is after the end IP ${r.endip}`);
}

/** Throws 431 when another row of `table` in the same parent has this name (ignoring case), as CloudStack refuses. */
export async function assertNameFree(
  db: Kysely<Database>,
  table: 'zone' | 'pod' | 'cluster' | 'physical_network' | 'storage_pool' | 'image_store',
  what: string,
  name: string,
  parent?: { column: 'zone_id' | 'pod_id'; id: string },
  exceptId?: string,
): Promise<void> {
  let q = db.selectFrom(table).select('id').where(sql<SqlBool>`lower(name) = ${name.toLowerCase()}`);
  if (parent) q = q.where(sql<SqlBool>`${sql.ref(parent.column)} = ${parent.id}`);
  if (exceptId) q = q.where('id', '!=', exceptId);
  if (await q.executeTakeFirst()) throw errors.paramError(`A ${what} with name ${name} already exists${parent ? ' here' : ''}`);
}

/** A lower-cased parameter matched against the values CloudStack accepts, returned in CloudStack's spelling. */
export function oneOf(command: string, name: string, value: unknown, allowed: readonly string[]): string | undefined {
  if (value === undefined) return undefined;
  const hit = allowed.find((a) => a.toLowerCase() === String(value).toLowerCase());
  if (!hit) throw errors.invalidParam(command, name, String(value), `expected one of ${allowed.join(', ')}`);
  return hit;
}
