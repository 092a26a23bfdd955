import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { ResponseObject } from '../kernel/command.ts';
import { errors } from '../kernel/errors.ts';
import { formatDate } from '../kernel/serialize.ts';
import { displayPath } from '../identity/responses.ts';
import { zoneNames } from '../infrastructure/index.ts';
import { vmSummary } from '../compute/index.ts';
import { tagsOf } from '../operations/index.ts';

export type VmSnapshotRow = Database['vm_snapshot'];
type Db = Kysely<Database> | Transaction<Database>;

export async function findVmSnapshot(db: Db, id: string): Promise<VmSnapshotRow & { domain_path: string }> {
  const row = await db
    .selectFrom('vm_snapshot')
    .innerJoin('domain', 'domain.id', 'vm_snapshot.domain_id')
    .selectAll('vm_snapshot')
    .select('domain.path as domain_path')
    .where('vm_snapshot.id', '=', id)
    .executeTakeFirst();
  if (!row) throw errors.notFound('vm snapshot', id);
  return row;
}

/** The host that knows a VM's snapshots: where it runs, else where it last ran. */
export function snapshotHostOf(vm: { name: string; host_id: string | null; last_host_id: string | null }): string {
  const host = vm.host_id ?? vm.last_host_id;
  if (!host) throw errors.paramError(`VM ${vm.name} has never run on a host: start it once before taking VM snapshots`);
  return host;
}

export async function vmSnapshotResponses(db: Db, rows: VmSnapshotRow[]): Promise<ResponseObject[]> {
  if (rows.length === 0) return [];
  const owners = await db
    .selectFrom('account')
    .innerJoin('domain', 'domain.id', 'account.domain_id')
    .select(['account.id', 'account.name', 'domain.name as domain_name', 'domain.path'])
    .where('account.id', 'in', [...new Set(rows.map((r) => r.account_id))])
    .execute();
  const ownerOf = new Map(owners.map((o) => [o.id, o]));
  const parentIds = [...new Set(rows.flatMap((r) => (r.parent_id ? [r.parent_id] : [])))];
  const parents = parentIds.length ? await db.selectFrom('vm_snapshot').select(['id', 'name']).where('id', 'in', parentIds).execute() : [];
  const parentName = new Map(parents.map((s) => [s.id, s.name]));
  const [zones, vms, tags] = await Promise.all([
    zoneNames(db as Kysely<Database>, [...new Set(rows.map((r) => r.zone_id))]),
    vmSummary(db, rows.map((r) => r.vm_id)),
    tagsOf(db, 'VMSnapshot', rows.map((r) => r.id)),
  ]);
  return rows.map((r) => {
    const owner = ownerOf.get(r.account_id);
    return {
      id: r.id,
      name: r.name,
      displayname: r.display_name,
      description: r.description,
      state: r.state,
      type: r.type,
      current: r.current === 1,
      parent: r.parent_id,
      parentName: r.parent_id ? parentName.get(r.parent_id) : undefined,
      virtualmachineid: r.vm_id,
      virtualmachinename: vms.get(r.vm_id)?.name,
      hypervisor: 'Simulator',
      zoneid: r.zone_id,
      zonename: zones.get(r.zone_id),
      account: owner?.name,
      domainid: r.domain_id,
      domain: owner?.domain_name,
      domainpath: owner ? displayPath(owner.path) : undefined,
      hasannotations: false,
      tags: tags.get(r.id) ?? [],
      created: formatDate(r.created),
    };
  });
}
