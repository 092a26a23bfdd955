import type { DomainModule } from '../kernel/module.ts';
import { registerEntityTables } from '../kernel/entities.ts';
import { bootstrapOfferings } from './bootstrap.ts';
import { createDiskOffering } from './commands/disk-offering-create.ts';
import { listDiskOfferings } from './commands/disk-offering-list.ts';
import { deleteDiskOffering, updateDiskOffering } from './commands/disk-offering-update.ts';
import { createNetworkOffering } from './commands/network-offering-create.ts';
import { listNetworkOfferings } from './commands/network-offering-list.ts';
import { deleteNetworkOffering, updateNetworkOffering } from './commands/network-offering-update.ts';
import { createServiceOffering } from './commands/service-offering-create.ts';
import { listServiceOfferings } from './commands/service-offering-list.ts';
import { deleteServiceOffering, updateServiceOffering } from './commands/service-offering-update.ts';

export { findDiskOffering, type DiskOfferingRow } from './disk-offering.ts';
export { defaultIsolatedOffering, findNetworkOffering, type NetworkOfferingRow } from './network-offering.ts';
export { oneOf } from './validate.ts';
export { findServiceOffering, serviceOfferingSummary, type ServiceOfferingRow } from './service-offering.ts';

registerEntityTables({ ServiceOffering: 'service_offering', DiskOffering: 'disk_offering', NetworkOffering: 'network_offering' });

export const offeringsModule: DomainModule = {
  name: 'offerings',
  commands: [
    createServiceOffering,
    listServiceOfferings,
    updateServiceOffering,
    deleteServiceOffering,
    createDiskOffering,
    listDiskOfferings,
    updateDiskOffering,
    deleteDiskOffering,
    createNetworkOffering,
    listNetworkOfferings,
    updateNetworkOffering,
    deleteNetworkOffering,
  ],
  bootstrap: bootstrapOfferings,
};
