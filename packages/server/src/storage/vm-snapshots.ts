import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { ResponseObject } from '../kernel/command.ts';
import { errors } from '../kernel/errors.ts';
import { formatDate } from '../kernel/serialize.ts';
import { zoneNames } from '../infrastructure/index.ts';
import { vmSummary } from '../compute/index.ts';
import { tagsOf } from '../operations/index.ts';
import { findOwned, ownerFieldsOf } from './owned.ts';

export type VmSnapshotRow = Database['vm_snapshot'];
type Db = Kysely<Database> | Transaction<Database>;

export function findVmSnapshot(db: Db, id: string): Promise<VmSnapshotRow & { domain_path: string }> {
  return findOwned(db, 'vm_snapshot', id, 'vm snapshot');
}

/** The host that knows a VM's snapshots: where it runs, else where it last ran. */
export function snapshotHostOf(vm: { name: string; host_id: string | null; last_host_id: string | null }): string {
  const host = vm.host_id ?? vm.last_host_id;
  if (!host) throw errors.paramError(`VM ${vm.name} has never run on a host: start it once before taking VM snapshots`);
  return host;
}

export async function vmSnapshotResponses(db: Db, rows: VmSnapshotRow[]): Promise<ResponseObject[]> {
  if (rows.length === 0) return [];
  const ownerOf = await ownerFieldsOf(db, rows);
  const parentIds = [...new Set(rows.flatMap((r) => (r.parent_id ? [r.parent_id] : [])))];
  const parents = parentIds.length ? await db.selectFrom('vm_snapshot').select(['id', 'name']).where('id', 'in', parentIds).execute() : [];
  const parentName = new Map(parents.map((s) => [s.id, s.name]));
  const [zones, vms, tags] = await Promise.all([
    zoneNames(db as Kysely<Database>, [...new Set(rows.map((r) => r.zone_id))]),
    vmSummary(db, rows.map((r) => r.vm_id)),
    tagsOf(db, 'VMSnapshot', rows.map((r) => r.id)),
  ]);
  return rows.map((r) => {
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
      ...ownerOf(r),
      hasannotations: false,
      tags: tags.get(r.id) ?? [],
      created: formatDate(r.created),
    };
  });
}
