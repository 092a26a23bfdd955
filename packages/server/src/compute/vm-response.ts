import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Caller, ResponseObject } from '../kernel/command.ts';
import { formatDate } from '../kernel/serialize.ts';
import { agents } from '../agents/index.ts';
import { displayPath } from '../identity/responses.ts';
import { isAdmin } from '../identity/scope.ts';
import { hostSummary, zoneNames } from '../infrastructure/index.ts';
import { serviceOfferingSummary } from '../offerings/index.ts';
import { templateSummary } from '../images/index.ts';
import { nicsOfVms } from '../network/index.ts';
import { tagsOf } from '../operations/index.ts';
import { ownerNames } from './owner.ts';
import type { VmRow } from './vms.ts';

export interface VmResponseOptions {
  /** Shown once: the password set by a deploy or a reset. */
  password?: string;
  /** `details` of listVirtualMachines: which groups of fields to fill (all when absent). */
  details?: Set<string>;
}

/** The id-keyed facts of other domains a page of VMs needs, each loaded in one query. */
async function related(db: Kysely<Database>, vms: VmRow[]) {
  const ids = vms.map((v) => v.id);
  const uniq = (xs: (string | null)[]) => [...new Set(xs.filter((x): x is string => !!x))];
  const userDataIds = uniq(vms.map((v) => v.user_data_id));
  const [owners, users, zones, hosts, offerings, templates, nics, tags, details, userData] = await Promise.all([
    ownerNames({ db }, vms.map((v) => v.account_id)),
    db.selectFrom('user').select(['id', 'username']).where('id', 'in', uniq(vms.map((v) => v.user_id))).execute(),
    zoneNames(db, uniq(vms.map((v) => v.zone_id))),
    hostSummary(db, uniq(vms.map((v) => v.host_id))),
    serviceOfferingSummary(db, uniq(vms.map((v) => v.service_offering_id))),
    templateSummary(db, uniq(vms.flatMap((v) => [v.template_id, v.iso_id]))),
    nicsOfVms(db, ids),
    tagsOf(db, 'UserVm', ids),
    db.selectFrom('vm_detail').selectAll().where('vm_id', 'in', ids).where('display', '=', 1).execute(),
    userDataIds.length > 0 ? db.selectFrom('user_data').select(['id', 'name']).where('id', 'in', userDataIds).execute() : [],
  ]);
  return {
    owners,
    users: new Map(users.map((u) => [u.id, u.username])),
    zones,
    hosts,
    offerings,
    templates,
    nics,
    tags,
    details: Map.groupBy(details, (d) => d.vm_id),
    userData: new Map(userData.map((u) => [u.id, u.name])),
  };
}

/** listVirtualMachines' item, and the `virtualmachine` object of every VM command's answer. */
export async function vmResponses(db: Kysely<Database>, caller: Caller, vms: VmRow[], o: VmResponseOptions = {}): Promise<ResponseObject[]> {
  if (vms.length === 0) return [];
  const r = await related(db, vms);
  const admin = isAdmin(caller);
  const want = (group: string) => !o.details || o.details.has('all') || o.details.has(group);
  return vms.map((vm) => {
    const owner = r.owners.get(vm.account_id);
    const template = r.templates.get(vm.template_id);
    const iso = vm.iso_id ? r.templates.get(vm.iso_id) : undefined;
    const offering = r.offerings.get(vm.service_offering_id);
    const nics = r.nics.get(vm.id) ?? [];
    const defaultNic = nics.find((n) => n.isdefault) ?? nics[0];
    const details = r.details.get(vm.id) ?? [];
    const item: ResponseObject = {
      id: vm.id,
      name: vm.name,
      displayname: vm.display_name,
      account: owner?.account,
      userid: vm.user_id,
      username: r.users.get(vm.user_id),
      domainid: vm.domain_id,
      domain: owner?.domain,
      domainpath: owner ? displayPath(owner.domainPath) : undefined,
      created: formatDate(vm.created),
      lastupdated: formatDate(vm.updated),
      state: vm.state,
      haenable: vm.ha_enable === 1,
      group: vm.group_name,
      zoneid: vm.zone_id,
      zonename: r.zones.get(vm.zone_id),
      hypervisor: vm.hypervisor,
      displayvm: vm.display_vm === 1,
      deleteprotection: vm.delete_protection === 1,
      isdynamicallyscalable: false,
      passwordenabled: template?.passwordenabled ?? false,
      password: o.password,
      keypairs: vm.keypairs ?? undefined,
      userdataid: vm.user_data_id,
      userdataname: vm.user_data_id ? r.userData.get(vm.user_data_id) : undefined,
      hasannotations: false,
    };
    if (admin) {
      item.instancename = vm.instance_name;
      item.hostid = vm.host_id;
      item.hostname = vm.host_id ? r.hosts.get(vm.host_id)?.name : undefined;
    }
    const stats = want('stats') && vm.host_id ? agents().vmStatsOf(vm.host_id, vm.instance_name) : undefined;
    if (stats) {
      // Measured by the host's agent at its last ping (KVM hosts); CloudStack's VM stats fields.
      Object.assign(item, {
        cpuused: `${stats.cpuUtilization.toFixed(2)}%`,
        memorykbs: Math.round(stats.memoryKBs),
        memoryintfreekbs: Math.round(stats.memoryIntFreeKBs),
        networkkbsread: Math.round(stats.networkReadKBs),
        networkkbswrite: Math.round(stats.networkWriteKBs),
        diskkbsread: Math.round(stats.diskReadKBs),
        diskkbswrite: Math.round(stats.diskWriteKBs),
      });
    }
    if (want('tmpl')) {
      Object.assign(item, {
        templateid: vm.template_id,
        templatename: template?.name,
        templatedisplaytext: template?.displaytext,
        templateformat: template?.format,
        guestosid: vm.guest_os_id ?? template?.ostypeid,
        ostypeid: vm.guest_os_id ?? template?.ostypeid,
        osdisplayname: template?.ostypename,
      });
    }
    if (want('iso') && iso) Object.assign(item, { isoid: vm.iso_id, isoname: iso.name, isodisplaytext: iso.displaytext });
    if (want('servoff')) {
      Object.assign(item, {
        serviceofferingid: vm.service_offering_id,
        serviceofferingname: offering?.name,
        cpunumber: vm.cpu_number,
        cpuspeed: vm.cpu_speed,
        memory: vm.memory,
      });
    }
    if (want('nics')) {
      Object.assign(item, { nic: nics, ipaddress: defaultNic?.ipaddress });
    }
    if (want('secgrp')) item.securitygroup = [];
    if (want('affgrp')) item.affinitygroup = [];
    item.rootdeviceid = 0;
    item.rootdevicetype = 'ROOT';
    item.tags = r.tags.get(vm.id) ?? [];
    item.details = details.length > 0 ? Object.fromEntries(details.map((d) => [d.name, d.value])) : undefined;
    return item;
  });
}

/** One VM's response object. */
export async function vmResponse(db: Kysely<Database>, caller: Caller, vm: VmRow, o: VmResponseOptions = {}): Promise<ResponseObject> {
  return (await vmResponses(db, caller, [vm], o))[0];
}
