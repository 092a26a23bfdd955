import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { dataKey } from '../identity/data-key.ts';
import { zoneNames } from '../infrastructure/index.ts';
import type { GuestFacts } from '../network/index.ts';
import { serviceOfferingSummary } from '../offerings/index.ts';

/**
 * What a VM's router tells its guest (CloudStack's VR metadata): user data, the VM's names, offering and zone,
 * the public keys of its SSH key pairs, and its password (opened from the data key: the router hands it over once).
 */
export async function describeGuests(db: Kysely<Database>, vmIds: string[]): Promise<Map<string, GuestFacts>> {
  const vms = await db
    .selectFrom('vm_instance')
    .select(['id', 'instance_name', 'zone_id', 'service_offering_id', 'account_id', 'keypairs', 'user_data', 'password'])
    .where('id', 'in', vmIds)
    .execute();
  const namesOf = (vm: (typeof vms)[number]) => (vm.keypairs ? vm.keypairs.split(',').filter(Boolean) : []);
  const wanted = [...new Set(vms.flatMap(namesOf))];
  const [offerings, zones, keypairs] = await Promise.all([
    serviceOfferingSummary(db, vms.map((v) => v.service_offering_id)),
    zoneNames(db, vms.map((v) => v.zone_id)),
    wanted.length
      ? db.selectFrom('ssh_keypair').select(['account_id', 'name', 'public_key']).where('account_id', 'in', [...new Set(vms.map((v) => v.account_id))]).where('name', 'in', wanted).orderBy('name').execute()
      : Promise.resolve([]),
  ]);
  const out = new Map<string, GuestFacts>();
  for (const vm of vms) {
    const names = new Set(namesOf(vm));
    const keys = keypairs.filter((k) => k.account_id === vm.account_id && names.has(k.name));
    out.set(vm.id, {
      userData: vm.user_data ?? undefined,
      metaData: {
        'instance-id': vm.instance_name,
        'vm-id': vm.id,
        'service-offering': offerings.get(vm.service_offering_id)?.displaytext ?? '',
        'availability-zone': zones.get(vm.zone_id) ?? vm.zone_id,
        'cloud-identifier': `CloudStack-{${vm.zone_id}}`,
      },
      publicKeys: keys.map((k) => k.public_key),
      password: vm.password ? dataKey().open(vm.password) : undefined,
    });
  }
  return out;
}
