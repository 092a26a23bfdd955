import { defineCommand, object } from '../../kernel/command.ts';
import { errors } from '../../kernel/errors.ts';
import { access } from '../../kernel/roles.ts';
import { isAdmin } from '../../identity/scope.ts';
import { findZone } from '../../infrastructure/index.ts';
import { findDiskOffering } from '../../offerings/index.ts';
import { resolveOwner } from '../../identity/index.ts';
import { diskSizeOf } from '../disk-size.ts';
import { createVolumeOnPool, destroyVolume, volumeResponses } from '../volumes.ts';
import { findVmForAction } from '../../compute/index.ts';
import { attachVolumeToVm } from '../attach.ts';
import { snapshotSource } from '../from-snapshot.ts';

export const createVolume = defineCommand({
  name: 'createVolume',
  description: 'Creates a data disk from a disk offering or from a volume snapshot, on primary storage of the zone, optionally attaching it to a VM',
  access: access.all,
  async: true,
  event: 'VOLUME.CREATE',
  jobInstance: { type: 'Volume', allocate: true },
  params: {
    name: { type: 'string', description: 'The name of the disk volume' },
    zoneid: { type: 'uuid', entity: 'Zone', description: 'The zone for the volume (required unless virtualmachineid is given)' },
    diskofferingid: { type: 'uuid', entity: 'DiskOffering', description: 'The disk offering of the volume (from a snapshot: default the snapshot volume\'s)' },
    size: { type: 'long', description: 'Size in GB, for a customised disk offering' },
    virtualmachineid: { type: 'uuid', entity: 'VirtualMachine', description: 'Attach the new volume to this VM' },
    storageid: { type: 'uuid', entity: 'StoragePool', description: 'Admins: the primary storage pool to create the volume on' },
    displayvolume: { type: 'boolean', description: 'Whether to show the volume to the end user' },
    snapshotid: { type: 'uuid', entity: 'Snapshot', description: 'Make the volume from this snapshot: its content and size, on the pool that holds it' },
    account: { type: 'string', description: 'The account owning the volume (with domainid)' },
    domainid: { type: 'uuid', entity: 'Domain', description: 'The domain of the owning account' },
  },
  response: { type: 'object', name: 'volume' },
  async handler(ctx, p) {
    if (p.storageid && !isAdmin(ctx.caller)) throw errors.permissionDenied('Only admins may choose the storage pool');
    const owner = await resolveOwner(ctx, p);
    const source = p.snapshotid ? await snapshotSource(ctx, p.snapshotid as string) : undefined;
    if (source && p.size !== undefined) throw errors.paramError('size cannot be given with snapshotid: the volume takes the size of the snapshot (resize it afterwards)');
    if (source && p.storageid) throw errors.paramError('storageid cannot be given with snapshotid: the volume is made on the pool that holds the snapshot');
    const offeringId = (p.diskofferingid as string | undefined) ?? source?.diskOfferingId;
    const offering = offeringId ? await findDiskOffering(ctx.db, offeringId, ctx.caller) : undefined;
    let sizeBytes: number;
    if (source) sizeBytes = source.sizeBytes;
    else if (offering) sizeBytes = await diskSizeOf(ctx, offering, p.size as number | undefined);
    else throw errors.missingParam('createVolume', 'diskofferingid');
    const vm = p.virtualmachineid ? await findVmForAction(ctx, p.virtualmachineid as string) : undefined;
    if (vm && vm.account_id !== owner.accountId) throw errors.paramError('The volume and the VM must belong to the same account');
    const zoneId = source?.zoneId ?? (p.zoneid as string | undefined) ?? vm?.zone_id;
    if (!zoneId) throw errors.missingParam('createVolume', 'zoneid');
    if (source && p.zoneid && p.zoneid !== source.zoneId) throw errors.paramError(`Snapshot ${source.snapshotName} is in another zone than ${p.zoneid as string}`);
    if (vm && vm.zone_id !== zoneId) throw errors.paramError('The volume must be in the zone of the VM');
    const zone = await findZone(ctx.db, zoneId);
    const volume = await ctx.db.transaction().execute((trx) =>
      createVolumeOnPool(trx, {
        id: ctx.job?.instanceId,
        name: (p.name as string | undefined) ?? `DATA-${crypto.randomUUID().slice(0, 8)}`,
        type: 'DATADISK',
        zoneId: zone.id,
        accountId: owner.accountId,
        domainId: owner.domainId,
        sizeBytes,
        diskOfferingId: offering?.id,
        poolId: source?.poolId ?? (p.storageid as string | undefined),
        snapshotPath: source?.path,
        displayVolume: p.displayvolume as boolean | undefined,
        // The snapshot's pool is fixed: the offering's tags choose only among pools when there is a choice.
        tags: !source && offering?.tags ? offering.tags.split(',').map((t) => t.trim()).filter(Boolean) : undefined,
      }),
    );
    ctx.event = { ...ctx.event, resourceType: 'Volume', resourceId: volume.id, description: `created volume ${volume.name}` };
    // A volume made to be attached goes again when the attach fails.
    const result = vm
      ? await attachVolumeToVm(ctx, volume, vm, undefined).catch(async (e: unknown) => {
          await ctx.db.transaction().execute((trx) => destroyVolume(trx, volume));
          throw e;
        })
      : volume;
    const [response] = await volumeResponses(ctx.db, [result]);
    return object(response);
  },
});
