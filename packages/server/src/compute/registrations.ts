import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { registerResourceCounter } from '../identity/index.ts';
import { registerEntityTables } from '../kernel/entities.ts';
import { registerTaggable } from '../operations/index.ts';
import { registerGuestFacts } from '../network/index.ts';
import { describeGuests } from './guest-facts.ts';

/** What an account's VMs hold while not destroyed: what updateResourceCount recalculates user_vm, cpu and memory from. */
async function sumOfLiveVms(db: Kysely<Database>, accountId: string, column: 'cpu_number' | 'memory' | undefined): Promise<number> {
  const row = await db
    .selectFrom('vm_instance')
    .select((eb) => (column ? eb.fn.coalesce(eb.fn.sum<number>(column), eb.lit(0)).as('n') : eb.fn.countAll<number>().as('n')))
    .where('account_id', '=', accountId)
    .where('state', 'not in', ['Destroyed', 'Expunging'])
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Tells identity how to recount VMs, CPUs and memory, operations how to find a VM's owner for tags, and network what
 * its routers tell the guests.
 */
export function registerCompute(): void {
  registerEntityTables({ VirtualMachine: 'vm_instance', SSHKeyPair: 'ssh_keypair', UserData: 'user_data' });
  registerTaggable('UserVm', async (db, id) => {
    const vm = await db
      .selectFrom('vm_instance')
      .innerJoin('domain', 'domain.id', 'vm_instance.domain_id')
      .select(['vm_instance.account_id', 'vm_instance.domain_id', 'domain.path'])
      .where('vm_instance.id', '=', id)
      .executeTakeFirst();
    return vm ? { accountId: vm.account_id, domainId: vm.domain_id, domainPath: vm.path } : undefined;
  });
  registerResourceCounter('user_vm', (db, id) => sumOfLiveVms(db, id, undefined));
  registerResourceCounter('cpu', (db, id) => sumOfLiveVms(db, id, 'cpu_number'));
  registerResourceCounter('memory', (db, id) => sumOfLiveVms(db, id, 'memory'));
  registerGuestFacts(describeGuests);
}
