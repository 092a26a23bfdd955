import { defineCommand, object } from '../../kernel/command.ts';
import { errors } from '../../kernel/errors.ts';
import { access } from '../../kernel/roles.ts';
import { getServiceOffering, loadServiceOfferingResponses } from '../service-offering.ts';
import { newOfferingColumns, newScopes, writeOffering } from '../offering-write.ts';
import { oneOf, positive } from '../validate.ts';

const GiB = 1024 ** 3;

export const createServiceOffering = defineCommand({
  name: 'createServiceOffering',
  description: 'Creates a service offering: the CPU, speed and memory of a VM, fixed or chosen at deploy (customised)',
  access: access.domainAdmins,
  event: 'SERVICE.OFFERING.CREATE',
  params: {
    name: { type: 'string', required: true, description: 'The name of the service offering' },
    displaytext: { type: 'string', required: true, length: 4096, description: 'The display text of the service offering' },
    cpunumber: { type: 'integer', description: 'The CPU number of the service offering' },
    cpuspeed: { type: 'integer', description: 'The CPU speed of the service offering in MHz' },
    memory: { type: 'integer', description: 'The total memory of the service offering in MB' },
    customized: { type: 'boolean', description: 'Whether the CPU number, speed and memory are chosen at deploy' },
    mincpunumber: { type: 'integer', description: 'The minimum number of CPUs of a customised offering' },
    maxcpunumber: { type: 'integer', description: 'The maximum number of CPUs of a customised offering' },
    minmemory: { type: 'integer', description: 'The minimum memory (MB) of a customised offering' },
    maxmemory: { type: 'integer', description: 'The maximum memory (MB) of a customised offering' },
    offerha: { type: 'boolean', description: 'The HA for the service offering' },
    limitcpuuse: { type: 'boolean', description: 'Restrict the CPU usage to the committed service offering' },
    isvolatile: { type: 'boolean', description: 'A VM of a volatile offering gets a fresh ROOT disk at every reboot' },
    dynamicscalingenabled: { type: 'boolean', description: 'Whether VMs of this offering may be scaled while running' },
    hosttags: { type: 'string', description: 'The host tag for this service offering' },
    tags: { type: 'string', description: 'The storage tags for this service offering' },
    storagetype: { type: 'string', description: 'The storage type of the service offering: local or shared (default)' },
    provisioningtype: { type: 'string', description: 'Provisioning type of the ROOT disk: thin (default), sparse or fat' },
    rootdisksize: { type: 'integer', description: 'The ROOT disk size in GB' },
    networkrate: { type: 'integer', description: 'Data transfer rate in megabits per second' },
    issystem: { type: 'boolean', description: 'Is this a system VM offering' },
    systemvmtype: { type: 'string', description: 'The system VM type: domainrouter, consoleproxy or secondarystoragevm' },
    deploymentplanner: { type: 'string', description: 'The deployment planner heuristics used to deploy a VM of this offering' },
    encryptroot: { type: 'boolean', description: 'VMs using this offering require root volume encryption' },
    serviceofferingdetails: { type: 'map', description: 'Details for the service offering (kept for compatibility, not used)' },
    domainid: { type: 'list', of: 'uuid', entity: 'Domain', description: 'The IDs of the domains the offering is limited to (public when empty)' },
    zoneid: { type: 'list', of: 'uuid', entity: 'Zone', description: 'The IDs of the zones the offering is limited to (all when empty)' },
  },
  response: { type: 'object', name: 'serviceoffering' },
  async handler(ctx, p) {
    const customized = (p.customized as boolean | undefined) ?? (p.cpunumber === undefined || p.cpuspeed === undefined || p.memory === undefined);
    if (!customized) {
      for (const name of ['cpunumber', 'cpuspeed', 'memory']) if (p[name] === undefined) throw errors.missingParam('createServiceOffering', name);
    }
    positive('cpunumber', p.cpunumber, 1);
    positive('cpuspeed', p.cpuspeed, 1);
    positive('memory', p.memory, 32);
    positive('rootdisksize', p.rootdisksize, 1);
    positive('mincpunumber', p.mincpunumber, 1);
    positive('maxcpunumber', p.maxcpunumber, 1);
    positive('minmemory', p.minmemory, 32);
    positive('maxmemory', p.maxmemory, 32);
    if (!customized && [p.mincpunumber, p.maxcpunumber, p.minmemory, p.maxmemory].some((v) => v !== undefined)) {
      throw errors.paramError('mincpunumber, maxcpunumber, minmemory and maxmemory apply to customised offerings only');
    }
    if ((p.mincpunumber as number) > (p.maxcpunumber as number) || (p.minmemory as number) > (p.maxmemory as number)) {
      throw errors.paramError('The minimum of a customised offering must not exceed its maximum');
    }
    const storageType = oneOf('storagetype', p.storagetype, ['shared', 'local']) ?? 'shared';
    const provisioning = oneOf('provisioningtype', p.provisioningtype, ['thin', 'sparse', 'fat']) ?? 'thin';
    const systemVmType = oneOf('systemvmtype', p.systemvmtype, ['domainrouter', 'consoleproxy', 'secondarystoragevm']);
    if (systemVmType && !p.issystem) throw errors.paramError('systemvmtype is only for system offerings (issystem=true)');
    const scopes = await newScopes(ctx.db, ctx.caller, p);
    const id = crypto.randomUUID();
    await writeOffering(ctx.db, id, scopes, async (trx) => {
      await trx
        .insertInto('service_offering')
        .values({
          id,
          name: p.name as string,
          display_text: p.displaytext as string,
          cpu_number: (p.cpunumber as number | undefined) ?? null,
          cpu_speed: (p.cpuspeed as number | undefined) ?? null,
          memory: (p.memory as number | undefined) ?? null,
          customized: customized ? 1 : 0,
          min_cpu_number: (p.mincpunumber as number | undefined) ?? null,
          max_cpu_number: (p.maxcpunumber as number | undefined) ?? null,
          min_memory: (p.minmemory as number | undefined) ?? null,
          max_memory: (p.maxmemory as number | undefined) ?? null,
          offer_ha: p.offerha ? 1 : 0,
          limit_cpu_use: p.limitcpuuse ? 1 : 0,
          is_volatile: p.isvolatile ? 1 : 0,
          dynamic_scaling: p.dynamicscalingenabled === false ? 0 : 1,
          host_tags: (p.hosttags as string | undefined) ?? null,
          storage_tags: (p.tags as string | undefined) ?? null,
          storage_type: storageType,
          provisioning_type: provisioning,
          root_disk_size: p.rootdisksize === undefined ? null : (p.rootdisksize as number) * GiB,
          network_rate: (p.networkrate as number | undefined) ?? null,
          is_system: p.issystem ? 1 : 0,
          system_vm_type: systemVmType ?? null,
          deployment_planner: (p.deploymentplanner as string | undefined) ?? null,
          encrypt_root: p.encryptroot ? 1 : 0,
          ...newOfferingColumns('Active'),
        })
        .execute();
    });
    ctx.event = { ...ctx.event, resourceType: 'ServiceOffering', resourceId: id, description: `created service offering ${p.name as string}` };
    const [response] = await loadServiceOfferingResponses(ctx.db, [await getServiceOffering(ctx.db, id)]);
    return object(response);
  },
});
