import type { DomainModule } from '../kernel/module.ts';
import { attachVolume, detachVolume } from './commands/attach-volume.ts';
import { createVolume } from './commands/create-volume.ts';
import { deleteVolume } from './commands/delete-volume.ts';
import { extractIso, extractTemplate } from './commands/extract-image.ts';
import { extractVolume } from './commands/extract-volume.ts';
import { listVolumes } from './commands/list-volumes.ts';
import { resizeVolume } from './commands/resize-volume.ts';
import { revertSnapshot } from './commands/revert-snapshot.ts';
import { revertToVMSnapshot } from './commands/revert-vm-snapshot.ts';
import { createSnapshot, deleteSnapshot, listSnapshots } from './commands/snapshot-commands.ts';
import { createVMSnapshot, deleteVMSnapshot, listVMSnapshot } from './commands/vm-snapshot-commands.ts';
import { registerStorage } from './registrations.ts';
import { storageSettings } from './settings.ts';
import { registerStorageCleaners } from './cleanup.ts';

export { createDataVolume, createRootVolume, deleteVolumesOfVm, moveVolumesOfVm, volumeSummary, volumesOfVm } from './vm-volumes.ts';
export type { VolumeRow } from './volumes.ts';
export type { StorageDriver } from './driver.ts';

registerStorage();
registerStorageCleaners();

export const storageModule: DomainModule = {
  name: 'storage',
  commands: [
    createVolume,
    listVolumes,
    attachVolume,
    detachVolume,
    resizeVolume,
    deleteVolume,
    extractVolume,
    extractTemplate,
    extractIso,
    createSnapshot,
    listSnapshots,
    deleteSnapshot,
    revertSnapshot,
    createVMSnapshot,
    listVMSnapshot,
    revertToVMSnapshot,
    deleteVMSnapshot,
  ],
  settings: storageSettings,
};
