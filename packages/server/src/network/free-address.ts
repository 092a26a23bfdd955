import type { Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import { formatIp, hostRange, parseIp, type Ipv4Net } from './cidr.ts';

/** Candidates asked of the database at once: one indexed `IN` query per batch. */
const BATCH = 64;

/**
 * Where the search for a free address starts, per network: the last address handed out there (every lower one was in
 * use then), lowered when a NIC is released. Reading every address of the network on each deploy made a network of
 * 10,000 VMs fill at 6 VMs/s. The hint is only where the search starts: a search that finds nothing above it goes on
 * from the bottom, so a hint made stale (a rolled-back deploy, another management server's release) costs a longer
 * search, never a wrong answer.
 */
const searchFrom = new Map<string, number>();

async function firstUnused(trx: Transaction<Database>, networkId: string, from: number, to: number, gateway: number): Promise<number | undefined> {
  for (let low = from; low <= to; low += BATCH) {
    const candidates: number[] = [];
    for (let ip = low; ip <= Math.min(low + BATCH - 1, to); ip++) if (ip !== gateway) candidates.push(ip);
    if (candidates.length === 0) continue;
    const used = await trx
      .selectFrom('nic')
      .select('ip_address')
      .where('network_id', '=', networkId)
      .where('ip_address', 'in', candidates.map(formatIp))
      .execute();
    const taken = new Set(used.map((u) => u.ip_address));
    const free = candidates.find((ip) => !taken.has(formatIp(ip)));
    if (free !== undefined) return free;
  }
  return undefined;
}

/**
 * A host address of the network that no NIC holds and that is not the gateway: the lowest one when the hint is
 * current. The caller holds the network's allocation lock, so nobody takes the address before its NIC is written.
 */
export async function freeAddress(trx: Transaction<Database>, networkId: string, net: Ipv4Net, gateway: number): Promise<number | undefined> {
  const { first, last } = hostRange(net);
  const start = Math.min(Math.max(searchFrom.get(networkId) ?? first, first), last);
  const found = (await firstUnused(trx, networkId, start, last, gateway)) ?? (start > first ? await firstUnused(trx, networkId, first, start - 1, gateway) : undefined);
  if (found !== undefined) searchFrom.set(networkId, found);
  return found;
}

/** Addresses given back: the next search starts low enough to find them. */
export function addressesReleased(released: { network_id: string; ip_address: string }[]): void {
  for (const r of released) {
    const ip = parseIp(r.ip_address);
    const hint = searchFrom.get(r.network_id);
    if (ip !== undefined && hint !== undefined && ip < hint) searchFrom.set(r.network_id, ip);
  }
}
