import type { DomainModule } from '../kernel/module.ts';
import { bootstrapImages } from './bootstrap.ts';
import { deleteIso, deleteTemplate } from './commands/delete.ts';
import { listIsos, listTemplates } from './commands/list.ts';
import { listOsCategories, listOsTypes } from './commands/os-types.ts';
import { listIsoPermissions, listTemplatePermissions, updateIsoPermissions, updateTemplatePermissions } from './commands/permissions.ts';
import { registerIso, registerTemplate } from './commands/register.ts';
import { updateIso, updateTemplate } from './commands/update.ts';
import { getUploadParamsForIso, getUploadParamsForTemplate } from './commands/upload-params.ts';
import { downloads } from './download.ts';
import { registerImages } from './registrations.ts';
import { registerImageCleaners } from './cleanup.ts';
import { startUploadSweep, uploadSettings } from './uploads.ts';

export { onImageStoreAdded, onImageStoreRemoved, type TemplateRow } from './catalogue.ts';
export { findTemplateForDeploy, templateSummary, type TemplateSummary } from './deploy.ts';
export { findTemplateForExtract } from './extract-source.ts';
export type { ImageStoreDriver } from './download.ts';
export { uploadRoutes } from './upload-receive.ts';

registerImages();
registerImageCleaners();

export const imagesModule: DomainModule = {
  name: 'images',
  commands: [
    registerTemplate,
    listTemplates,
    updateTemplate,
    deleteTemplate,
    updateTemplatePermissions,
    listTemplatePermissions,
    registerIso,
    listIsos,
    updateIso,
    deleteIso,
    updateIsoPermissions,
    listIsoPermissions,
    listOsTypes,
    listOsCategories,
    getUploadParamsForTemplate,
    getUploadParamsForIso,
  ],
  settings: [
    {
      name: 'allow.public.user.templates',
      category: 'Advanced',
      description: 'Whether users may make their templates and ISOs public',
      type: 'Boolean',
      defaultValue: 'true',
      scopes: ['domain', 'account'],
      isDynamic: true,
    },
    ...uploadSettings,
  ],
  bootstrap: bootstrapImages,
  async start(kernel) {
    downloads.log = kernel.log;
    await downloads.resume(kernel.db);
    const stopSweep = startUploadSweep(kernel);
    return async () => {
      await stopSweep();
      await downloads.stop();
    };
  },
};
