import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';

/** What the compute domain knows of a VM that its router's metadata service hands the guest. */
export interface GuestFacts {
  /** Base64. */
  userData?: string;
  /** `instance-id`, `vm-id`, `local-hostname`, `service-offering`, `availability-zone`... */
  metaData: Record<string, string>;
  publicKeys: string[];
  password?: string;
}

export type GuestFactsProvider = (db: Kysely<Database>, vmIds: string[]) => Promise<Map<string, GuestFacts>>;

let provider: GuestFactsProvider = async () => new Map();

/** Compute registers how to describe its VMs (network cannot import compute, which uses network). */
export function registerGuestFacts(p: GuestFactsProvider): void {
  provider = p;
}

export function guestFacts(db: Kysely<Database>, vmIds: string[]): Promise<Map<string, GuestFacts>> {
  return vmIds.length ? provider(db, vmIds) : Promise.resolve(new Map());
}
