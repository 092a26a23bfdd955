import { randomUUID } from 'node:crypto';
import { defineCommand, object, type CommandContext, type Params } from '../../kernel/command.ts';
import { errors } from '../../kernel/errors.ts';
import { access } from '../../kernel/roles.ts';
import { dataKey } from '../../identity/data-key.ts';
import { generatePassword } from '../../identity/passwords.ts';
import { isRootAdmin } from '../../identity/scope.ts';
import { reserveResources } from '../../identity/index.ts';
import { findZone } from '../../infrastructure/index.ts';
import { findDiskOffering, findServiceOffering } from '../../offerings/index.ts';
import { findTemplateForDeploy } from '../../images/index.ts';
import { allocateNic, defaultNetworkFor, findNetworkForDeploy } from '../../network/index.ts';
import { createDataVolume, createRootVolume } from '../../storage/index.ts';
import { assertNetworkFits, assertVmNameFree, checkVmName, detailsMap, instanceNameFor, requestedNetworks, resolveKeyPairs, sizingOf } from '../deploy-input.ts';
import { startVm } from '../lifecycle.ts';
import { resolveOwner } from '../../identity/index.ts';
import { purgeVm } from '../purge.ts';
import { DEPLOY_ROLLBACK } from '../restore.ts';
import { checkUserData } from '../userdata.ts';
import { findUserData } from './user-data.ts';
import { vmResponse } from '../vm-response.ts';
import { vmCounts, type VmRow } from '../vms.ts';
import { deployParams } from './deploy-params.ts';

const GiB = 1024 ** 3;

/** The user a VM is recorded for: the caller, or the first user of the account an admin deploys for. */
async function ownerUserId(ctx: Parameters<typeof resolveOwner>[0], accountId: string): Promise<string> {
  if (accountId === ctx.caller.accountId) return ctx.caller.userId;
  const u = await ctx.db.selectFrom('user').select('id').where('account_id', '=', accountId).orderBy('created').executeTakeFirst();
  if (!u) throw errors.paramError('The account has no user to own the VM');
  return u.id;
}

interface DiskSpec {
  sizeBytes: number;
  diskOfferingId?: string;
  tags?: string[];
}

const tagsOf = (t: string | null) => (t ? t.split(',').map((x) => x.trim()).filter(Boolean) : undefined);

/** The disk `diskofferingid` asks for, `size` GB when the offering is custom. */
async function offeredDisk(ctx: CommandContext, p: Params): Promise<Required<Pick<DiskSpec, 'diskOfferingId'>> & DiskSpec> {
  const disk = await findDiskOffering(ctx.db, p.diskofferingid as string, ctx.caller);
  const sizeBytes = disk.customized ? ((p.size as number | undefined) ?? 0) * GiB : disk.disk_size;
  if (sizeBytes <= 0) throw errors.paramError(`Disk offering ${disk.name} is custom: give size in GB`);
  return { sizeBytes, diskOfferingId: disk.id, tags: tagsOf(disk.tags) };
}

/**
 * Size, disk offering and storage tags of the ROOT disk: a template's own size, or `rootdisksize` GB (not smaller),
 * on a pool with the service offering's storage tags; an ISO needs `diskofferingid` (with `size` GB when the
 * offering is custom), as in CloudStack. With a template, `diskofferingid` asks for a data disk instead.
 */
async function disks(
  ctx: CommandContext,
  p: Params,
  template: { format: string; name: string; sizeBytes: number },
  offering: { root_disk_size: number | null; storage_tags: string | null },
): Promise<{ root: DiskSpec; data?: Required<Pick<DiskSpec, 'diskOfferingId'>> & DiskSpec }> {
  if (template.format === 'ISO') {
    if (!p.diskofferingid) throw errors.paramError(`Deploying from ISO ${template.name} needs diskofferingid for the ROOT disk`);
    return { root: await offeredDisk(ctx, p) };
  }
  const data = p.diskofferingid ? await offeredDisk(ctx, p) : undefined;
  const sizeBytes = p.rootdisksize !== undefined ? (p.rootdisksize as number) * GiB : Math.max(template.sizeBytes, offering.root_disk_size ?? 0);
  if (sizeBytes < template.sizeBytes) throw errors.paramError(`rootdisksize must be at least the template's size, ${Math.ceil(template.sizeBytes / GiB)} GB`);
  return { root: { sizeBytes, tags: tagsOf(offering.storage_tags) }, data };
}

export const deployVirtualMachine = defineCommand({
  name: 'deployVirtualMachine',
  description: 'Creates a VM from a template or ISO with an offering in a zone, and starts it unless startvm=false',
  access: access.all,
  async: true,
  event: 'VM.CREATE',
  jobInstance: { type: 'VirtualMachine', allocate: true },
  params: deployParams,
  response: { type: 'object', name: 'virtualmachine' },
  async handler(ctx, p: Params) {
    const owner = await resolveOwner(ctx, p);
    if (p.hostid && !isRootAdmin(ctx.caller)) {
      throw errors.permissionDenied('Only root admins may choose the host of a VM');
    }
    const zone = await findZone(ctx.db, p.zoneid as string);
    // Ignoring them would start a VM without the isolation its owner asked for (Libcloud's ex_security_groups).
    if ((p.securitygroupids as string[] | undefined)?.length || (p.securitygroupnames as string[] | undefined)?.length) {
      throw errors.paramError(
        zone.security_group_enabled === 1
          ? `Can't create vm with security groups; Nimbus does not implement security groups yet (zone ${zone.name})`
          : "Can't create vm with security groups; security group feature is not enabled per zone",
      );
    }
    const offering = await findServiceOffering(ctx.db, p.serviceofferingid as string, ctx.caller);
    const template = await findTemplateForDeploy(ctx.db, p.templateid as string, zone.id, ctx.caller);
    const details = detailsMap(p.details);
    const sizing = sizingOf(offering, details);
    const id = ctx.job?.instanceId ?? randomUUID();
    const name = checkVmName((p.name as string | undefined) ?? `VM-${id}`);
    await assertVmNameFree(ctx.db, owner.accountId, name);
    const keypairs = await resolveKeyPairs(ctx.db, owner, p);
    const userData = p.userdata ? checkUserData(p.userdata as string) : null;
    const registered = p.userdataid ? await findUserData(ctx.db, ctx.caller, p.userdataid as string) : undefined;
    const requested = requestedNetworks(p);
    for (const n of requested) assertNetworkFits(await findNetworkForDeploy(ctx.db, n.networkId, ctx.caller), owner, zone.id);
    const { root, data } = await disks(ctx, p, template, offering);
    const password = template.password_enabled === 1 ? ((p.password as string | undefined) ?? generatePassword()) : undefined;
    const now = new Date().toISOString();
    const vm: VmRow = {
      id,
      name,
      display_name: (p.displayname as string | undefined) ?? name,
      instance_name: instanceNameFor(id),
      state: 'Stopped',
      account_id: owner.accountId,
      domain_id: owner.domainId,
      user_id: await ownerUserId(ctx, owner.accountId),
      zone_id: zone.id,
      host_id: null,
      last_host_id: null,
      pod_id: null,
      cluster_id: null,
      service_offering_id: offering.id,
      host_tags: offering.host_tags,
      template_id: template.id,
      iso_id: template.format === 'ISO' ? template.id : null,
      guest_os_id: template.os_type_id,
      hypervisor: template.hypervisor || 'Simulator',
      cpu_number: sizing.cpuNumber,
      cpu_speed: sizing.cpuSpeed,
      memory: sizing.memory,
      reserved_cpu_mhz: 0,
      reserved_memory_bytes: 0,
      group_name: (p.group as string | undefined) ?? null,
      keypairs,
      user_data: userData ?? registered?.user_data ?? null,
      user_data_id: registered?.id ?? null,
      password: password ? dataKey().seal(password) : null,
      ha_enable: offering.offer_ha,
      display_vm: p.displayvm === false ? 0 : 1,
      delete_protection: 0,
      created: now,
      updated: now,
      destroyed: null,
    };
    ctx.event = { ...ctx.event, resourceType: 'VirtualMachine', resourceId: id, description: `deploying VM ${name}` };
    // Whatever happens from here, a failed or interrupted deploy leaves nothing behind.
    await ctx.job?.touch({ type: 'VirtualMachine', id, restoreState: DEPLOY_ROLLBACK });
    try {
      await ctx.db.transaction().execute(async (trx) => {
        await reserveResources(trx, owner.accountId, vmCounts(vm));
        await trx.insertInto('vm_instance').values(vm).execute();
        const custom = Object.entries(details).filter(([k]) => !['cpuNumber', 'cpuSpeed', 'memory'].includes(k));
        if (custom.length > 0) {
          await trx.insertInto('vm_detail').values(custom.map(([k, v]) => ({ vm_id: id, name: k, value: v, display: 1 }))).execute();
        }
        const networks = requested.length > 0
          ? requested
          : [{ networkId: (await defaultNetworkFor(trx, { zoneId: zone.id, accountId: owner.accountId, domainId: owner.domainId })).id, ip: p.ipaddress as string | undefined }];
        for (const [i, n] of networks.entries()) {
          await allocateNic(trx, { vmId: id, networkId: n.networkId, ip: n.ip, isDefault: i === 0, deviceId: i });
        }
        await createRootVolume(trx, { vm, zoneId: zone.id, templateId: template.id, templateUrl: template.url, sizeBytes: root.sizeBytes, diskOfferingId: root.diskOfferingId, tags: root.tags, accountId: owner.accountId, domainId: owner.domainId });
        if (data) await createDataVolume(trx, { vm, zoneId: zone.id, ...data, accountId: owner.accountId, domainId: owner.domainId });
      });
      await ctx.job?.progress(30);
      const started = p.startvm === false ? vm : await startVm(ctx, vm, { hostId: p.hostid as string | undefined });
      ctx.event.description = `deployed VM ${name}`;
      return object(await vmResponse(ctx.db, ctx.caller, started, { password }));
    } catch (e) {
      // If the clean-up fails too, the job's restorer tries again and leaves the rest to the expunger.
      await purgeVm(ctx.db, id, { withDataDisks: true }).catch(() => undefined);
      throw e;
    }
  },
});
